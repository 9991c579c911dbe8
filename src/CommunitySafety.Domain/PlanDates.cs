namespace CommunitySafety.Domain;

/// <summary>
/// The dates a partnership's plan can sensibly hold. A date outside them is a typing slip (31/12/9999, 01/01/0001)
/// and is refused wherever dates come in, so that reports, calendars and date arithmetic never meet one.
/// </summary>
public static class PlanDates
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    public static readonly DateOnly Latest = new(2099, 12, 31);

    public const string RangeText = "between 1 January 2000 and 31 December 2099";

    public static bool IsSane(DateOnly day) => day >= Earliest && day <= Latest;

    public static bool IsSane(DateTime moment) => IsSane(DateOnly.FromDateTime(moment));
}
