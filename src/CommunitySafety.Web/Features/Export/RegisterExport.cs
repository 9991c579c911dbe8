using System.Globalization;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Reports;
using CommunitySafety.Web.Features.StatusUpdates;
using CommunitySafety.Web.Spreadsheets;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Export;

public enum Register
{
    Actions,
    Milestones,
    Outcomes,
    Risks,
    Funding,
}

public sealed record ExportFile(byte[] Content, string FileName, bool IsExempt);

/// <summary>
/// The partnership's registers as an Excel workbook, with what this user may see now: restricted items only for
/// cleared users, and then every sheet is marked EXEMPT. The action plan's headings are the ones the importer
/// reads, so a plan exported and imported again changes nothing.
/// </summary>
public sealed class RegisterExport(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string Label(Register register) => register switch
    {
        Register.Actions => "Action plan",
        Register.Milestones => "Milestones",
        Register.Outcomes => "Outcomes and measurements",
        Register.Risks => "Risk register",
        _ => "Funding",
    };

    public async Task<ExportFile?> BuildAsync(string slug, Register? only, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var partnership = await db.Partnerships.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == slug, ct);
        if (partnership is null || !actor.CanSeePartnership(partnership.Id) || !actor.CanReadActionPlan) return null;
        var cleared = actor.CanSeeRestricted;
        var today = time.Today();
        var registers = only is { } one ? [one] : Enum.GetValues<Register>();
        var sheets = new List<(string Name, string Title, IReadOnlyList<SheetColumn> Columns, IReadOnlyList<object?[]> Rows, bool Restricted)>();
        foreach (var register in registers)
        {
            switch (register)
            {
                case Register.Actions: sheets.Add(await ActionsAsync(db, partnership, cleared, today, ct)); break;
                case Register.Milestones: sheets.Add(await MilestonesAsync(db, partnership.Id, cleared, today, ct)); break;
                case Register.Outcomes: sheets.AddRange(await OutcomesAsync(db, partnership, cleared, ct)); break;
                case Register.Risks: sheets.Add(await RisksAsync(db, partnership.Id, ct)); break;
                case Register.Funding: sheets.Add(await FundingAsync(db, partnership.Id, cleared, ct)); break;
            }
        }

        var exempt = sheets.Any(s => s.Restricted);
        var stamp = PartnershipClock.ToLondon(time.GetUtcNow().UtcDateTime).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
        var content = sheets.Select(s => new SheetContent(s.Name, $"{partnership.Name}: {s.Title} (exported {stamp})", s.Columns, s.Rows,
            exempt ? $"{CommitteeDocument.ExemptMarking}: {CommitteeDocument.ExemptNotice}" : null)).ToList();
        var name = only is { } r ? r.ToString().ToLowerInvariant() : "registers";
        return new ExportFile(SpreadsheetWriter.Write(content), $"{partnership.Slug}-{name}-{today:yyyy-MM-dd}{(exempt ? "-EXEMPT" : "")}.xlsx", exempt);
    }

    public static readonly SheetColumn[] ActionColumns =
    [
        new("Priority", ColumnKind.Text), new("Reference", ColumnKind.Text), new("Action", ColumnKind.LongText), new("Description", ColumnKind.LongText),
        new("Lead organisation", ColumnKind.Text), new("Lead officer", ColumnKind.Text), new("Overseeing board", ColumnKind.Text),
        new("Start date", ColumnKind.Date), new("Due date", ColumnKind.Date), new("Status", ColumnKind.Text), new("RAG rating", ColumnKind.Rag),
        new("Progress (%)", ColumnKind.Integer), new("Latest update", ColumnKind.LongText), new("Last updated", ColumnKind.Date), new("Restricted", ColumnKind.Text),
    ];

    private static async Task<(string, string, IReadOnlyList<SheetColumn>, IReadOnlyList<object?[]>, bool)> ActionsAsync(AppDbContext db, Partnership partnership, bool cleared, DateOnly today, CancellationToken ct)
    {
        var actions = await db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.PartnershipId == partnership.Id && (cleared || !a.IsRestricted))
            .OrderBy(a => a.Priority!.Strategy!.PeriodStart).ThenBy(a => a.Priority!.Order).ThenBy(a => a.Reference)
            .Select(a => new
            {
                a.Id, Priority = a.Priority!.Title, a.Reference, a.Title, a.Description, Lead = a.LeadOrganisation!.Name, Officer = a.LeadPerson!.Name,
                Board = a.Board!.Name, a.StartDate, a.DueDate, a.Status, a.Rag, a.ProgressPercent, a.LastUpdatedAt, a.IsRestricted,
            })
            .ToListAsync(ct);
        var latest = await LatestCommentary.ForPartnershipAsync(db, partnership.Id, ct);
        var rows = actions.Select(a => new object?[]
        {
            a.Priority, a.Reference, a.Title, a.Description, a.Lead, a.Officer, a.Board, a.StartDate, a.DueDate, a.Status.Label(), a.Rag,
            a.ProgressPercent, latest.GetValueOrDefault(a.Id),
            a.LastUpdatedAt is { } at ? DateOnly.FromDateTime(PartnershipClock.ToLondon(at)) : null, a.IsRestricted ? "Yes" : "No",
        }).ToList();
        return ("Action plan", "action plan", ActionColumns, rows, actions.Any(a => a.IsRestricted));
    }

    private static async Task<(string, string, IReadOnlyList<SheetColumn>, IReadOnlyList<object?[]>, bool)> MilestonesAsync(AppDbContext db, int partnershipId, bool cleared, DateOnly today, CancellationToken ct)
    {
        var milestones = await db.Milestones.AsNoTracking()
            .Where(m => m.PartnershipId == partnershipId && (cleared || !m.IsRestricted))
            .OrderBy(m => m.DueDate).ThenBy(m => m.Title)
            .Select(m => new
            {
                m.Title, m.Kind, m.DueDate, Owner = m.Owner!.Name, Board = m.SignOffBoard!.Name,
                Action = m.Action != null && (cleared || !m.Action.IsRestricted) ? m.Action.Reference : null, m.CompletedOn, m.IsRestricted,
            })
            .ToListAsync(ct);
        var rows = milestones.Select(m => new object?[]
        {
            m.Title, m.Kind.Label(), m.DueDate, m.Owner, m.Board, m.Action, m.CompletedOn,
            m.CompletedOn is not null ? new Filled("Completed", RagRating.Complete) : m.DueDate < today ? new Filled("Overdue", RagRating.Red) : new Filled("Due", RagRating.NotStarted),
            m.IsRestricted ? "Yes" : "No",
        }).ToList();
        SheetColumn[] columns =
        [
            new("Milestone", ColumnKind.LongText), new("Type", ColumnKind.Text), new("Due date", ColumnKind.Date), new("Owner", ColumnKind.Text),
            new("Sign-off board", ColumnKind.Text), new("Action", ColumnKind.Text), new("Completed on", ColumnKind.Date), new("State", ColumnKind.Rag), new("Restricted", ColumnKind.Text),
        ];
        return ("Milestones", "milestones", columns, rows, milestones.Any(m => m.IsRestricted));
    }

    private static async Task<IEnumerable<(string, string, IReadOnlyList<SheetColumn>, IReadOnlyList<object?[]>, bool)>> OutcomesAsync(AppDbContext db, Partnership partnership, bool cleared, CancellationToken ct)
    {
        var outcomes = await db.Outcomes.AsNoTracking()
            .Where(o => o.Priority!.Strategy!.PartnershipId == partnership.Id && (cleared || !o.IsRestricted))
            .Include(o => o.Measurements).Include(o => o.Priority).ThenInclude(p => p!.Strategy)
            .OrderBy(o => o.Priority!.Strategy!.PeriodStart).ThenBy(o => o.Priority!.Order).ThenBy(o => o.Id)
            .AsSplitQuery().ToListAsync(ct);
        var tolerance = partnership.Settings.OutcomeTolerancePercent;
        var rows = outcomes.Select(o =>
        {
            var latest = OutcomeRating.Latest(o.Measurements);
            return new object?[]
            {
                o.Priority!.Title, o.Title, o.Measure, o.Unit, o.Direction.ToString(), o.BaselineValue, o.BaselinePeriod, o.TargetValue, o.TargetDate,
                latest?.Value, latest?.Period, OutcomeRating.Rate(o, tolerance, o.Priority.Strategy!.PeriodStart), o.Commentary, o.IsRestricted ? "Yes" : "No",
            };
        }).ToList();
        SheetColumn[] columns =
        [
            new("Priority", ColumnKind.Text), new("Outcome", ColumnKind.LongText), new("Measure", ColumnKind.LongText), new("Unit", ColumnKind.Text),
            new("Direction", ColumnKind.Text), new("Baseline", ColumnKind.Number), new("Baseline period", ColumnKind.Text), new("Target", ColumnKind.Number),
            new("Target date", ColumnKind.Date), new("Latest value", ColumnKind.Number), new("Latest period", ColumnKind.Text), new("Rating", ColumnKind.Rag),
            new("Commentary", ColumnKind.LongText), new("Restricted", ColumnKind.Text),
        ];
        var measurements = outcomes.SelectMany(o => o.Measurements.OrderBy(m => m.PeriodEnd).Select(m => new object?[] { o.Title, m.Period, m.PeriodEnd, m.Value, m.Source, m.Note, o.IsRestricted ? "Yes" : "No" })).ToList();
        SheetColumn[] measurementColumns =
        [
            new("Outcome", ColumnKind.LongText), new("Period", ColumnKind.Text), new("Period end", ColumnKind.Date), new("Value", ColumnKind.Number),
            new("Source", ColumnKind.Text), new("Note", ColumnKind.LongText), new("Restricted", ColumnKind.Text),
        ];
        var restricted = outcomes.Any(o => o.IsRestricted);
        return [("Outcomes", "outcomes", columns, rows, restricted), ("Outcome measurements", "outcome measurements", measurementColumns, measurements, restricted)];
    }

    private static async Task<(string, string, IReadOnlyList<SheetColumn>, IReadOnlyList<object?[]>, bool)> RisksAsync(AppDbContext db, int partnershipId, CancellationToken ct)
    {
        var risks = await db.Risks.AsNoTracking().Where(r => r.PartnershipId == partnershipId).OrderBy(r => r.Number).ToListAsync(ct);
        var rows = risks.Select(r => new object?[]
        {
            r.Number, r.Description, $"{RiskMatrix.LikelihoodNames[r.Likelihood]} ({r.Likelihood})", $"{RiskMatrix.ImpactNames[r.Impact]} ({r.Impact})", r.Score,
            new Filled(r.Level.ToString(), r.Level switch { RiskLevel.High => RagRating.Red, RiskLevel.Medium => RagRating.Amber, _ => RagRating.Green }),
            r.Mitigation, r.Owner,
        }).ToList();
        SheetColumn[] columns =
        [
            new("No.", ColumnKind.Integer), new("Risk", ColumnKind.LongText), new("Likelihood", ColumnKind.Text), new("Impact", ColumnKind.Text),
            new("Score", ColumnKind.Integer), new("Level", ColumnKind.Rag), new("Mitigation", ColumnKind.LongText), new("Owner", ColumnKind.Text),
        ];
        return ("Risks", "risk register", columns, rows, false);
    }

    private static async Task<(string, string, IReadOnlyList<SheetColumn>, IReadOnlyList<object?[]>, bool)> FundingAsync(AppDbContext db, int partnershipId, bool cleared, CancellationToken ct)
    {
        var streams = await db.FundingStreams.AsNoTracking()
            .Where(f => f.PartnershipId == partnershipId && (cleared || !f.IsRestricted))
            .Include(f => f.Allocations).ThenInclude(a => a.Action)
            .OrderBy(f => f.FinancialYear).ThenBy(f => f.Name)
            .AsSplitQuery().ToListAsync(ct);
        var rows = new List<object?[]>();
        foreach (var stream in streams)
        {
            // An allocation to an action the user may not see is left out, so the action cannot be inferred from it.
            var allocations = stream.Allocations.Where(a => cleared || a.Action is not { IsRestricted: true }).OrderBy(a => a.AllocatedOn).ThenBy(a => a.Recipient).ToList();
            if (allocations.Count == 0) rows.Add([stream.Name, stream.Source, stream.FinancialYear, stream.Amount, null, null, null, null, null, null, stream.IsRestricted ? "Yes" : "No"]);
            rows.AddRange(allocations.Select(a => new object?[]
            {
                stream.Name, stream.Source, stream.FinancialYear, stream.Amount, a.Recipient, a.Action?.Reference, a.Amount, a.Spent, a.AllocatedOn, a.Note,
                stream.IsRestricted || a.Action is { IsRestricted: true } ? "Yes" : "No",
            }));
        }

        SheetColumn[] columns =
        [
            new("Funding stream", ColumnKind.Text), new("Source", ColumnKind.Text), new("Financial year", ColumnKind.Text), new("Stream amount", ColumnKind.Money),
            new("Recipient", ColumnKind.Text), new("Action", ColumnKind.Text), new("Allocated", ColumnKind.Money), new("Spent", ColumnKind.Money),
            new("Allocated on", ColumnKind.Date), new("Note", ColumnKind.LongText), new("Restricted", ColumnKind.Text),
        ];
        return ("Funding", "funding", columns, rows, rows.Any(r => (string?)r[^1] == "Yes"));
    }
}
