namespace CommunitySafety.Domain;

/// <summary>
/// The partnership works to the clock on the wall in England, so "today" and "due" are judged in Europe/London,
/// not in UTC: an action due on a date is overdue from the first London midnight after it.
/// </summary>
public static class PartnershipClock
{
    public static TimeZoneInfo London { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateOnly Today(this TimeProvider time) => DateOnly.FromDateTime(LocalNow(time));

    public static DateTime LocalNow(this TimeProvider time) =>
        TimeZoneInfo.ConvertTimeFromUtc(time.GetUtcNow().UtcDateTime, London);

    public static DateTime ToLondon(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), London);

    /// <summary>The UTC instant at which a London calendar day starts (00:00 local, in GMT or BST).</summary>
    public static DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), London);
}
