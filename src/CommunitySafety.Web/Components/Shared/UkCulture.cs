using System.Globalization;

namespace CommunitySafety.Web.Components.Shared;

/// <summary>Dates and money are shown the British way whatever the server's locale.</summary>
public static class UkCulture
{
    public static readonly CultureInfo Instance = CultureInfo.GetCultureInfo("en-GB");

    public static string Date(DateOnly? date) => date?.ToString("d MMM yyyy", Instance) ?? "—";

    /// <summary>An instant stored in UTC, as the clock on the wall in England showed it.</summary>
    public static string Time(DateTime utc) => CommunitySafety.Domain.PartnershipClock.ToLondon(utc).ToString("d MMM yyyy HH:mm", Instance);
    /// <summary>In full, as letters and emails write it: "Monday 14 December 2026".</summary>
    public static string LongDate(DateOnly date) => date.ToString("dddd d MMMM yyyy", Instance);

    public static string Money(decimal amount) => amount.ToString("C", Instance);
}
