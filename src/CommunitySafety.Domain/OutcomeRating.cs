namespace CommunitySafety.Domain;

public enum OutcomeTrend
{
    NotEnoughData,
    Improving,
    NoChange,
    Worsening,
}

/// <summary>
/// The working behind a rating, so a report can say why an outcome is rated as it is: the yardstick the latest value
/// was held to (the target itself, or the point on the path to it) and how far from it each rating allows.
/// </summary>
/// <param name="Expected">Where the outcome should be when it was measured (for Maintain: the target).</param>
/// <param name="Shortfall">How far the value falls short of <paramref name="Expected"/> in the direction wanted (0 or less is there); for Maintain, how far from the target it is either way.</param>
/// <param name="GreenAllowance">The shortfall still rated Green: 0 for Increase and Decrease, the band for Maintain.</param>
/// <param name="AmberAllowance">The shortfall still rated Amber.</param>
/// <param name="OnThePath">True when the value was judged against the path to the target rather than the target itself.</param>
public sealed record OutcomeJudgement(
    RagRating Rating,
    decimal Value,
    decimal Expected,
    decimal Shortfall,
    decimal GreenAllowance,
    decimal AmberAllowance,
    bool OnThePath);

/// <summary>
/// How an outcome stands against its target. For Increase and Decrease the tolerance is a percentage of the distance
/// from the baseline to the target: a latest value that has reached the target is on target (Green), one that misses
/// it by no more than the tolerance is Amber, anything further off is Red. A Maintain outcome has no distance to
/// travel, so its tolerance is a percentage of the target itself, either side of it: within that band is Green,
/// within twice the band Amber, beyond it Red. No measurement yet is Not started.
/// Before the target date an Increase or Decrease outcome is judged against where it should be by then, on a straight
/// line from the baseline at the start of the plan to the target on its date, so a half-way figure that is half-way
/// there is on track rather than "off target".
/// </summary>
public static class OutcomeRating
{
    /// <summary>The most recent measurement by the end of the period it covers; ties go to the one recorded last.</summary>
    public static Measurement? Latest(IEnumerable<Measurement> measurements) =>
        measurements.OrderBy(m => m.PeriodEnd).ThenBy(m => m.Id).LastOrDefault();

    /// <param name="planStart">When the baseline applied (the strategy's start); without it the final target is the yardstick.</param>
    public static RagRating Rate(Outcome outcome, decimal tolerancePercent, DateOnly? planStart = null) =>
        Latest(outcome.Measurements) is { } latest
            ? Rate(outcome, latest.Value, tolerancePercent, planStart is null ? null : (planStart.Value, latest.PeriodEnd))
            : RagRating.NotStarted;

    /// <param name="trajectory">The start of the plan and the date the value was measured, to judge it against the path to the target.</param>
    public static RagRating Rate(Outcome outcome, decimal value, decimal tolerancePercent, (DateOnly PlanStart, DateOnly MeasuredOn)? trajectory = null) =>
        Judge(outcome, value, tolerancePercent, trajectory).Rating;

    /// <summary>The rating of the latest measurement with its working; null when there is no measurement yet.</summary>
    public static OutcomeJudgement? Judge(Outcome outcome, decimal tolerancePercent, DateOnly? planStart = null) =>
        Latest(outcome.Measurements) is { } latest
            ? Judge(outcome, latest.Value, tolerancePercent, planStart is null ? null : (planStart.Value, latest.PeriodEnd))
            : null;

    public static OutcomeJudgement Judge(Outcome outcome, decimal value, decimal tolerancePercent, (DateOnly PlanStart, DateOnly MeasuredOn)? trajectory = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerancePercent);
        var fraction = tolerancePercent / 100m;
        if (outcome.Direction == OutcomeDirection.Maintain)
        {
            var band = Math.Abs(outcome.TargetValue) * fraction;
            var off = Math.Abs(value - outcome.TargetValue);
            return new(off <= band ? RagRating.Green : off <= 2 * band ? RagRating.Amber : RagRating.Red, value, outcome.TargetValue, off, band, 2 * band, false);
        }

        var expected = ExpectedBy(outcome, trajectory);
        // How far short of where it should be the value is, in the direction the partnership wants to move (0 or less = there).
        var shortfall = outcome.Direction == OutcomeDirection.Increase ? expected - value : value - expected;
        var allowed = Math.Abs(outcome.TargetValue - outcome.BaselineValue) * fraction;
        var rating = shortfall <= 0 ? RagRating.Green : shortfall <= allowed ? RagRating.Amber : RagRating.Red;
        return new(rating, value, expected, shortfall, 0, allowed, expected != outcome.TargetValue);
    }

    /// <summary>Where the outcome should be on the measurement date: the target itself once its date has come.</summary>
    public static decimal ExpectedBy(Outcome outcome, (DateOnly PlanStart, DateOnly MeasuredOn)? trajectory)
    {
        if (trajectory is not { } t) return outcome.TargetValue;
        var span = outcome.TargetDate.DayNumber - t.PlanStart.DayNumber;
        if (span <= 0) return outcome.TargetValue;
        var share = Math.Clamp((decimal)(t.MeasuredOn.DayNumber - t.PlanStart.DayNumber) / span, 0m, 1m);
        return outcome.BaselineValue + ((outcome.TargetValue - outcome.BaselineValue) * share);
    }

    /// <summary>Whether the latest value moved the right way since the one before it (or the baseline, if it is the first).</summary>
    public static OutcomeTrend Trend(Outcome outcome)
    {
        var ordered = outcome.Measurements.OrderBy(m => m.PeriodEnd).ThenBy(m => m.Id).ToList();
        if (ordered.Count == 0) return OutcomeTrend.NotEnoughData;
        var latest = ordered[^1].Value;
        var previous = ordered.Count > 1 ? ordered[^2].Value : outcome.BaselineValue;
        var better = outcome.Direction switch
        {
            OutcomeDirection.Increase => latest - previous,
            OutcomeDirection.Decrease => previous - latest,
            _ => Math.Abs(previous - outcome.TargetValue) - Math.Abs(latest - outcome.TargetValue),
        };
        return better > 0 ? OutcomeTrend.Improving : better < 0 ? OutcomeTrend.Worsening : OutcomeTrend.NoChange;
    }

    public static string Label(this OutcomeTrend trend) => trend switch
    {
        OutcomeTrend.Improving => "improving",
        OutcomeTrend.Worsening => "worsening",
        OutcomeTrend.NoChange => "no change",
        _ => "not enough data",
    };

    public static string Label(this OutcomeDirection direction) => direction switch
    {
        OutcomeDirection.Increase => "Increase",
        OutcomeDirection.Decrease => "Decrease",
        _ => "Maintain",
    };
}
