using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Reports;

public sealed record ReportActionRow(string Reference, string Title, string? Lead, DateOnly? DueDate, ActionStatus Status, RagRating Rag, DateOnly? CompletedOn, int DaysOverdue, string? LatestCommentary);

public sealed record ReportPriority(string Code, string Title, IReadOnlyList<OutcomeView> Outcomes, IReadOnlyList<ReportActionRow> Actions);

public sealed record ReportFundingRow(string Name, string Source, string FinancialYear, decimal Amount, decimal Allocated, decimal Spent);

/// <summary>Everything the annual outcome report to scrutiny says, already filtered for the version asked for.</summary>
public sealed record AnnualReport(
    string PartnershipName,
    string Slug,
    int Year,
    string YearLabel,
    string StrategyTitle,
    string ReportOf,
    DateOnly AsOf,
    bool IsPrivate,
    IReadOnlyList<int> AvailableYears,
    IReadOnlyList<ReportPriority> Priorities,
    IReadOnlyList<ReportFundingRow> Funding)
{
    public string Title => $"{PartnershipName}: annual outcome report {YearLabel}";

    public IEnumerable<OutcomeView> Outcomes => Priorities.SelectMany(p => p.Outcomes);

    public IEnumerable<ReportActionRow> Actions => Priorities.SelectMany(p => p.Actions);

    public IEnumerable<ReportActionRow> Completed => Actions.Where(a => a.Status == ActionStatus.Completed).OrderBy(a => a.CompletedOn);

    public IEnumerable<ReportActionRow> Overdue => Actions.Where(a => a.DaysOverdue > 0).OrderByDescending(a => a.DaysOverdue);

    public int CountOutcomes(RagRating rag) => Outcomes.Count(o => o.Rag == rag);

    public IReadOnlyList<(ActionStatus Status, int Count)> ActionsByStatus =>
        Enum.GetValues<ActionStatus>().Select(s => (s, Actions.Count(a => a.Status == s))).ToList();

    public IReadOnlyList<(RagRating Rag, int Count)> ActionsByRag =>
        Enum.GetValues<RagRating>().Select(r => (r, Actions.Count(a => a.Rag == r))).ToList();

    /// <summary>What the funding section says when there is none, and what the summary says with it.</summary>
    public string NoFunding => $"No funding is recorded for {YearLabel}.";

    public IReadOnlyList<string> Summary =>
    [
        $"This report sets out progress in {YearLabel} against the key outcomes of the {StrategyTitle}, which the partnership reports to Scrutiny Committee every year, together with the record of the annual action plan and the funding allocated and spent.",
        OutcomeSummary,
        $"The action plan has {Counted(Actions.Count(), "action", "actions")}: {Number(Completed.Count())} completed and {Number(Overdue.Count())} overdue as at {UkCulture.Date(AsOf)}.",
        FundingSummary,
    ];

    /// <summary>Only the ratings that some outcome has, each with its verb agreeing: "1 is within tolerance", "3 are off target".</summary>
    private string OutcomeSummary
    {
        get
        {
            var total = Outcomes.Count();
            if (total == 0) return $"No key outcomes are set for {YearLabel}.";
            var parts = new (RagRating Rag, string One, string Many)[]
                {
                    (RagRating.Green, "is on target", "are on target"),
                    (RagRating.Amber, "is within tolerance", "are within tolerance"),
                    (RagRating.Red, "is off target", "are off target"),
                    (RagRating.NotStarted, "has no measurement yet", "have no measurement yet"),
                }
                .Select(p => (Count: CountOutcomes(p.Rag), p.One, p.Many))
                .Where(p => p.Count > 0)
                .Select(p => total == 1 ? p.One : $"{p.Count} {(p.Count == 1 ? p.One : p.Many)}")
                .ToList();
            var list = parts.Count == 1 ? parts[0] : $"{string.Join(", ", parts.Take(parts.Count - 1))} and {parts[^1]}";
            return total == 1 ? $"The one key outcome {list}." : $"Of the {total} key outcomes, {list}.";
        }
    }

    private string FundingSummary
    {
        get
        {
            if (Funding.Count == 0) return NoFunding;
            var allocated = Funding.Sum(f => f.Allocated);
            var recorded = $"{UkCulture.Money(Funding.Sum(f => f.Amount))} of funding is recorded for {YearLabel}";
            return allocated == 0
                ? $"{recorded}; none of it has been allocated yet."
                : $"{recorded}, of which {UkCulture.Money(allocated)} has been allocated and {UkCulture.Money(Funding.Sum(f => f.Spent))} spent.";
        }
    }

    private static string Number(int count) => count == 0 ? "none" : count.ToString(UkCulture.Instance);

    private static string Counted(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";

    public IReadOnlyList<string> Recommendations =>
    [
        "Notes the progress against the key outcomes of the Community Safety Partnership set out in this report.",
        "Notes the record of the annual action plan, including the actions overdue and the reasons given.",
        Funding.Count == 0 ? "Notes that no funding is recorded for the year." : "Notes the funding allocated and spent by the partnership.",
    ];
}

/// <summary>
/// Builds the annual outcome report for a strategy year (April to March). The public version leaves out every
/// restricted outcome, action, funding stream and allocation; the private one is only for cleared users.
/// </summary>
public sealed class AnnualReportBuilder(IDbContextFactory<AppDbContext> dbFactory, OutcomeQueries outcomeQueries, TimeProvider time)
{
    public async Task<ReportResult<AnnualReport>> BuildAsync(string slug, int? year, bool includeRestricted, Actor actor, CancellationToken ct = default)
    {
        if (includeRestricted && !actor.IsCleared) return ReportResult<AnnualReport>.NotCleared;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var partnership = await db.Partnerships.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == slug, ct);
        if (partnership is null || !actor.CanSeePartnership(partnership.Id)) return ReportResult<AnnualReport>.NotFound;

        var today = time.Today();
        var strategies = await db.Strategies.AsNoTracking()
            .Where(s => s.PartnershipId == partnership.Id && s.Status != StrategyStatus.Draft && s.Status != StrategyStatus.Consultation)
            .ToListAsync(ct);
        var years = strategies.SelectMany(s => Enumerable.Range(s.PeriodStart.Year, Math.Max(1, s.PeriodEnd.Year - s.PeriodStart.Year)))
            .Distinct().Order().ToList();
        var strategyYear = year ?? (today.Month >= 4 ? today.Year : today.Year - 1);
        var yearStart = new DateOnly(strategyYear, 4, 1);
        var strategy = strategies.Where(s => s.PeriodStart <= yearStart && s.PeriodEnd >= yearStart)
            .OrderBy(s => s.Status == StrategyStatus.Adopted ? 0 : 1).FirstOrDefault();
        if (strategy is null) return ReportResult<AnnualReport>.NotFound;

        var yearEnd = new DateOnly(strategyYear + 1, 3, 31);
        var asOf = today < yearEnd ? today : yearEnd;
        var outcomes = await outcomeQueries.ListAsync(partnership.Id, actor, includeRestricted, strategy.Id, ct);
        var actions = await db.Actions.AsNoTracking()
            .Where(a => a.Priority!.StrategyId == strategy.Id && (includeRestricted || !a.IsRestricted))
            .Include(a => a.LeadOrganisation)
            .Include(a => a.StatusUpdates.OrderByDescending(u => u.RecordedAt).Take(1))
            .OrderBy(a => a.Reference)
            .AsSplitQuery()
            .ToListAsync(ct);
        var priorities = outcomes.Select(p => new ReportPriority(p.Code, p.Title, p.Outcomes,
                actions.Where(a => a.PriorityId == p.Id).Select(a => new ReportActionRow(
                    a.Reference, a.Title, a.LeadOrganisation?.Name, a.DueDate, a.Status, a.Rag, a.CompletedOn, a.DaysOverdueOn(asOf),
                    a.StatusUpdates.FirstOrDefault()?.Commentary)).ToList()))
            .ToList();

        var actionIds = actions.Select(a => a.Id).ToList();
        var financialYear = $"{strategyYear}/{(strategyYear + 1) % 100:00}";
        var streams = await db.FundingStreams.AsNoTracking()
            .Where(f => f.PartnershipId == partnership.Id && (includeRestricted || !f.IsRestricted)
                        && (f.FinancialYear == financialYear || f.Allocations.Any(a => a.ActionId != null && actionIds.Contains(a.ActionId.Value))))
            .Include(f => f.Allocations.Where(a => includeRestricted || a.Action == null || !a.Action.IsRestricted))
            .OrderBy(f => f.FinancialYear).ThenBy(f => f.Name)
            .ToListAsync(ct);
        var funding = streams.Select(f => new ReportFundingRow(f.Name, f.Source, f.FinancialYear, f.Amount, f.Allocated, f.Allocations.Sum(a => a.Spent))).ToList();

        var board = await db.Boards.AsNoTracking().Include(b => b.Chair)
            .Where(b => b.PartnershipId == partnership.Id && b.Kind == BoardKind.Partnership).FirstOrDefaultAsync(ct);
        var reportOf = board?.Chair is { } chair ? $"{chair.Name}, Chair of the {board.Name}" : partnership.Name;

        return new ReportResult<AnnualReport>(ReportAccess.Allowed, new AnnualReport(
            partnership.Name, partnership.Slug, strategyYear, financialYear, strategy.Title, reportOf, asOf, includeRestricted,
            years, priorities, funding));
    }
}
