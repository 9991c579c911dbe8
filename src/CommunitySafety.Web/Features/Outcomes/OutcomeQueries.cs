using System.Globalization;
using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Outcomes;

public sealed record MeasurementRow(int Id, string Period, DateOnly PeriodEnd, decimal Value, string? Source, string? Note);

public sealed record OutcomeView(
    int Id,
    string Title,
    string Measure,
    string Unit,
    OutcomeDirection Direction,
    decimal BaselineValue,
    string BaselinePeriod,
    decimal TargetValue,
    DateOnly TargetDate,
    string? Commentary,
    bool IsRestricted,
    IReadOnlyList<MeasurementRow> Measurements,
    RagRating Rag,
    OutcomeTrend Trend,
    string RatingReason)
{
    public MeasurementRow? Latest => Measurements.Count == 0 ? null : Measurements[^1];

    public string Format(decimal value) => OutcomeFormat.Value(value, Unit);
}

public sealed record PriorityOutcomes(int Id, string Code, string Title, IReadOnlyList<OutcomeView> Outcomes);

public static class OutcomeFormat
{
    /// <summary>"31.5%", "386 offences", "6,420 reports".</summary>
    public static string Value(decimal value, string unit)
    {
        var number = value.ToString("#,##0.##", UkCulture.Instance);
        return unit == "%" ? number + "%" : string.IsNullOrWhiteSpace(unit) ? number : $"{number} {unit}";
    }

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// Why the outcome has its rating, in figures a committee can check: the yardstick (the target, or where the path
    /// from the baseline to the target should be by the time of the latest figure), how far off the latest figure is,
    /// and what each rating allows. Commentary beside a rating ("On track") is the lead's; this is the rule's.
    /// </summary>
    public static string Reason(Outcome outcome, OutcomeJudgement? judgement, decimal tolerancePercent)
    {
        if (judgement is null) return "Not rated: there is no measurement yet.";
        var latest = OutcomeRating.Latest(outcome.Measurements)!;
        string Show(decimal v) => Value(Math.Round(v, 1), outcome.Unit);
        var tolerance = tolerancePercent.ToString("0.##", UkCulture.Instance);
        var figure = $"the latest figure, {Show(judgement.Value)} ({latest.Period})";
        if (outcome.Direction == OutcomeDirection.Maintain)
        {
            return $"Rated {judgement.Rating.Label()}: the aim is to keep it at {Show(outcome.TargetValue)}; {figure}, is {Show(judgement.Shortfall)} from that. " +
                   $"Within {Show(judgement.GreenAllowance)} ({tolerance}% of the target) is Green, within {Show(judgement.AmberAllowance)} Amber, further Red.";
        }

        var yardstick = judgement.OnThePath
            ? $"by {UkCulture.Date(latest.PeriodEnd)} the path from the baseline of {Show(outcome.BaselineValue)} to the target of {Show(outcome.TargetValue)} by {UkCulture.Date(outcome.TargetDate)} should have reached {Show(judgement.Expected)}"
            : $"the target is {Show(outcome.TargetValue)} by {UkCulture.Date(outcome.TargetDate)}";
        var standing = judgement.Shortfall <= 0
            ? $"{figure}, has reached that"
            : $"{figure}, misses that by {Show(judgement.Shortfall)}";
        return $"Rated {judgement.Rating.Label()}: {yardstick}; {standing}. Amber allows a miss of up to {Show(judgement.AmberAllowance)} " +
               $"({tolerance}% of the distance from the baseline to the target); a bigger miss is Red.";
    }
}

/// <summary>Reads outcomes with their measurements and ratings; restricted outcomes only for cleared users.</summary>
public sealed class OutcomeQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>The outcomes of one strategy, by priority, or of the partnership's adopted strategies when none is named.</summary>
    public async Task<IReadOnlyList<PriorityOutcomes>> ListAsync(int partnershipId, Actor actor, bool includeRestricted, int? strategyId = null, CancellationToken ct = default)
    {
        if (!actor.CanSeePartnership(partnershipId)) return [];
        var restricted = includeRestricted && actor.IsCleared;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tolerance = await TolerancePercentAsync(partnershipId, ct);
        var priorities = await db.Priorities.AsNoTracking()
            .Where(p => p.Strategy!.PartnershipId == partnershipId
                        && (strategyId == null ? p.Strategy.Status == StrategyStatus.Adopted : p.StrategyId == strategyId))
            .OrderBy(p => p.Strategy!.PeriodStart).ThenBy(p => p.Order)
            .Include(p => p.Strategy)
            .Include(p => p.Outcomes.Where(o => restricted || !o.IsRestricted)).ThenInclude(o => o.Measurements)
            .AsSplitQuery()
            .ToListAsync(ct);
        return priorities
            .Select(p => new PriorityOutcomes(p.Id, p.Code, p.Title, p.Outcomes.OrderBy(o => o.Id).Select(o => View(o, tolerance, p.Strategy!.PeriodStart)).ToList()))
            .ToList();
    }

    public async Task<decimal> TolerancePercentAsync(int partnershipId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Partnerships.Where(p => p.Id == partnershipId).Select(p => p.Settings.OutcomeTolerancePercent).SingleAsync(ct);
    }

    internal static OutcomeView View(Outcome o, decimal tolerancePercent, DateOnly planStart)
    {
        var judgement = OutcomeRating.Judge(o, tolerancePercent, planStart);
        return new(
            o.Id, o.Title, o.Measure, o.Unit, o.Direction, o.BaselineValue, o.BaselinePeriod, o.TargetValue, o.TargetDate, o.Commentary, o.IsRestricted,
            o.Measurements.OrderBy(m => m.PeriodEnd).ThenBy(m => m.Id).Select(m => new MeasurementRow(m.Id, m.Period, m.PeriodEnd, m.Value, m.Source, m.Note)).ToList(),
            judgement?.Rating ?? RagRating.NotStarted,
            OutcomeRating.Trend(o),
            OutcomeFormat.Reason(o, judgement, tolerancePercent));
    }
}
