using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.StatusUpdates;
using CommunitySafety.Web.Spreadsheets;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Import;

public sealed record SavedMapping(int Id, string Name, IReadOnlyDictionary<string, ImportField> Fields, DateTime SavedAt, string SavedBy);

public enum ImportOutcomeKind
{
    Imported,

    /// <summary>The file still has problems to put right; nothing was written.</summary>
    Invalid,

    /// <summary>The plan changed after the preview (someone else saved, say); nothing was written and the preview is shown again.</summary>
    Changed,

    Forbidden,
}

public sealed record ImportOutcome(ImportOutcomeKind Kind, string Message, int Created = 0, int Updated = 0, ImportPlan? Plan = null);

/// <summary>
/// Brings a council's own action plan in: previews what every row becomes, and on confirmation writes all of it in
/// one transaction or nothing. Coordinators import into their own partnership, administrators into any. Each change
/// is audited under the importer's name; changes to status, RAG and progress are status updates under the same
/// rules as any other.
/// </summary>
public sealed class ImportService(IDbContextFactory<AppDbContext> dbFactory, ImportPlanner planner, TimeProvider time)
{
    private static readonly string ForbiddenMessage = "Only the partnership's coordinator can import an action plan.";

    public static SpreadsheetContent Read(byte[] bytes, string fileName) => SpreadsheetReader.Read(bytes, fileName);

    public async Task<ImportPlan> PreviewAsync(int partnershipId, SpreadsheetContent content, ImportChoices choices, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanEditStrategy(partnershipId)) throw new UnauthorizedAccessException(ForbiddenMessage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var target = await LoadTargetAsync(db, partnershipId, tracked: false, ct);
        var mappings = await ListMappingsAsync(db, partnershipId, ct);
        return PlanWith(content, choices, target, mappings, actor);
    }

    public async Task<ImportOutcome> ImportAsync(int partnershipId, SpreadsheetContent content, ImportChoices choices, string previewDigest, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanEditStrategy(partnershipId)) return new ImportOutcome(ImportOutcomeKind.Forbidden, ForbiddenMessage);
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var target = await LoadTargetAsync(db, partnershipId, tracked: true, ct);
        var plan = PlanWith(content, choices, target, await ListMappingsAsync(db, partnershipId, ct), actor);
        if (plan.Digest != previewDigest)
        {
            return new ImportOutcome(ImportOutcomeKind.Changed, "The plan changed after the preview (someone may have updated an action meanwhile). Nothing was imported: check the preview again and confirm.", Plan: plan);
        }

        if (!plan.CanImport)
        {
            return new ImportOutcome(ImportOutcomeKind.Invalid, plan.ErrorCount > 0
                ? $"Nothing was imported: {plan.ErrorCount} problem{(plan.ErrorCount == 1 ? "" : "s")} must be put right first."
                : "Nothing was imported: the file changes nothing in the plan.", Plan: plan);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var strategy = target.Strategies.Single(s => s.Id == plan.StrategyId);
        var created = new Creations(db, partnershipId, strategy, target, plan);
        var authorPerson = actor.PersonId is { } person && target.People.Any(p => p.Id == person) ? person : (int?)null;
        foreach (var item in plan.Actions)
        {
            if (item.Kind is PlannedKind.Skipped or PlannedKind.Unchanged) continue;
            Action action;
            if (item.Kind == PlannedKind.New)
            {
                action = new Action { CreatedAt = now, Reference = item.Reference, IsRestricted = item.Restricted ?? false };
                db.Actions.Add(action);
            }
            else
            {
                action = target.Actions.Single(a => a.Action.Id == item.ActionId).Action;
                action.Reference = item.Reference;
                action.IsRestricted = item.Restricted ?? action.IsRestricted;
                action.Version = Guid.NewGuid();
            }

            action.Title = item.Title;
            action.Description = item.Description;
            action.StartDate = item.StartDate;
            action.DueDate = item.DueDate;
            if (item.NewPriorityKey is { } pk) action.Priority = created.Priority(pk);
            else if (item.PriorityId is { } pid) action.PriorityId = pid;
            if (item.NewOrganisationKey is { } ok) action.LeadOrganisation = created.Organisation(ok);
            else if (item.OrganisationId is not null || item.Kind == PlannedKind.New) action.LeadOrganisationId = item.OrganisationId;
            if (item.NewPersonKey is { } perk) action.LeadPerson = created.Person(perk, action.LeadOrganisation, action.LeadOrganisationId);
            else if (item.PersonId is not null || item.Kind == PlannedKind.New) action.LeadPersonId = item.PersonId;
            if (item.NewBoardKey is { } bk) action.Board = created.Board(bk);
            else if (item.BoardId is not null || item.Kind == PlannedKind.New) action.BoardId = item.BoardId;

            if (item.Update is { } u)
            {
                StatusUpdateService.Apply(action, new StatusUpdate
                {
                    RecordedAt = now,
                    AuthorName = actor.Name,
                    AuthorUserId = actor.UserId,
                    AuthorPersonId = authorPerson,
                    Rag = u.Rag,
                    SuggestedRag = u.SuggestedRag,
                    RagOverrideReason = u.OverrideReason,
                    Status = u.Status,
                    ProgressPercent = u.ProgressPercent,
                    Commentary = u.Commentary,
                    ImportedFrom = Trim($"{Path.GetFileName(plan.FileName)}, row {item.Row}", 300),
                }, u.CompletedOn);
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new ImportOutcome(ImportOutcomeKind.Changed, "Someone changed one of these actions while the import ran. Nothing was imported: check the preview again and confirm.");
        }
        catch (DbUpdateException)
        {
            return new ImportOutcome(ImportOutcomeKind.Invalid, "The import could not be saved (two actions may share a reference under one priority). Nothing was imported.");
        }

        return new ImportOutcome(ImportOutcomeKind.Imported,
            $"Imported from {Path.GetFileName(plan.FileName)}: {Count(plan.NewCount, "new action")}, {Count(plan.UpdateCount, "action")} updated, {Count(plan.UnchangedCount, "action")} unchanged.",
            plan.NewCount, plan.UpdateCount, plan);
    }

    public async Task<IReadOnlyList<SavedMapping>> ListMappingsAsync(int partnershipId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanEditStrategy(partnershipId)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ListMappingsAsync(db, partnershipId, ct);
    }

    /// <summary>Saves the headings and what they hold under a name, replacing a mapping of the same name.</summary>
    public async Task<string?> SaveMappingAsync(int partnershipId, string name, IReadOnlyList<ColumnMapping> columns, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanEditStrategy(partnershipId)) return ForbiddenMessage;
        name = name.Trim();
        if (name.Length is 0 or > 100) return "Give the mapping a name of up to 100 characters.";
        var headed = columns.Where(c => c.Heading.Length > 0).GroupBy(c => ImportHeadings.Key(c.Heading)).Select(g => g.First()).ToList();
        if (headed.Count == 0) return "The heading row has no headings to remember.";
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        var mapping = await db.ImportMappings.Include(m => m.Columns).SingleOrDefaultAsync(m => m.PartnershipId == partnershipId && m.Name == name, ct);
        if (mapping is null)
        {
            mapping = new ImportMapping { PartnershipId = partnershipId, Name = name };
            db.ImportMappings.Add(mapping);
        }
        else
        {
            mapping.Columns.Clear();
        }

        mapping.SavedAt = time.GetUtcNow().UtcDateTime;
        mapping.SavedBy = actor.Name;
        mapping.Columns.AddRange(headed.Select(c => new ImportMappingColumn { Heading = Trim(c.Heading, 300), Field = c.Field }));
        await db.SaveChangesAsync(ct);
        return null;
    }

    private ImportPlan PlanWith(SpreadsheetContent content, ImportChoices choices, ImportTarget target, IReadOnlyList<SavedMapping> mappings, Actor actor)
    {
        var names = content.Sheets.Select(s => s.Name).ToList();
        var sheet = content.Sheets.FirstOrDefault(s => s.Name == choices.SheetName)
                    ?? content.Sheets.FirstOrDefault(s => s.Problem is null && ImportHeadings.FindHeaderRow(s) is not null)
                    ?? content.Sheets[0];
        ImportPlan Refused(string message) => new()
        {
            FileName = content.FileName, SheetNames = names, SheetName = sheet.Name,
            Problems = [new ImportProblem(ProblemSeverity.Error, null, null, message)],
            Strategies = [.. target.Strategies.Select(s => (s.Id, s.Title))],
        };

        if (sheet.Problem is { } problem) return Refused(problem);
        var headerRow = choices.HeaderRow is { } chosen ? chosen - 1 : ImportHeadings.FindHeaderRow(sheet);
        if (headerRow is null)
        {
            return Refused($"No heading row was found in the first {ImportHeadings.RowsSearched} rows of '{sheet.Name}': no row names the actions (Action, Reference...). Choose another sheet, or say which row holds the headings.");
        }

        if (headerRow < 0 || headerRow >= sheet.Rows.Count) return Refused($"The sheet '{sheet.Name}' has no row {headerRow + 1}.");

        string? savedName = null;
        var columns = choices.Columns;
        if (columns is null)
        {
            var headings = Enumerable.Range(0, sheet.ColumnCount).Select(c => ImportHeadings.Key(sheet.Cell(headerRow.Value, c)?.Text ?? "")).Where(h => h.Length > 0).ToHashSet();
            var saved = mappings.FirstOrDefault(m => m.Id == choices.SavedMappingId)
                        ?? mappings.Where(m => m.Fields.Keys.All(headings.Contains) && headings.All(m.Fields.ContainsKey)).OrderByDescending(m => m.SavedAt).FirstOrDefault();
            savedName = saved?.Name;
            columns = ImportHeadings.SuggestMapping(sheet, headerRow.Value, saved?.Fields);
        }

        var (rows, problems) = PlanSheetInterpreter.Read(sheet, headerRow.Value, columns);
        return planner.Plan(content.FileName, names, sheet.Name, headerRow.Value, columns, rows, problems, target, choices, actor, savedName);
    }

    private async Task<ImportTarget> LoadTargetAsync(AppDbContext db, int partnershipId, bool tracked, CancellationToken ct)
    {
        IQueryable<T> Q<T>(IQueryable<T> q) where T : class => tracked ? q : q.AsNoTracking();
        var settings = await db.Partnerships.AsNoTracking().Where(p => p.Id == partnershipId).Select(p => p.Settings).SingleOrDefaultAsync(ct) ?? new PartnershipSettings();
        var strategies = await db.Strategies.AsNoTracking().Where(s => s.PartnershipId == partnershipId).OrderBy(s => s.PeriodStart).ToListAsync(ct);
        var priorities = await db.Priorities.AsNoTracking().Where(p => p.Strategy!.PartnershipId == partnershipId).OrderBy(p => p.Order).ToListAsync(ct);
        var organisations = await db.Organisations.AsNoTracking().Where(o => o.PartnershipId == partnershipId).ToListAsync(ct);
        var people = await db.People.AsNoTracking().Where(p => p.PartnershipId == partnershipId).ToListAsync(ct);
        var boards = await db.Boards.AsNoTracking().Where(b => b.PartnershipId == partnershipId).ToListAsync(ct);
        var actions = await Q(db.Actions).Where(a => a.Priority!.Strategy!.PartnershipId == partnershipId).Include(a => a.Milestones).AsSplitQuery().ToListAsync(ct);
        var latest = await LatestCommentary.ForPartnershipAsync(db, partnershipId, ct);
        return new ImportTarget(settings, time.Today(), strategies, priorities, organisations, people, boards,
            [.. actions.Select(a => (a, latest.TryGetValue(a.Id, out var c) ? c : null))]);
    }

    private static async Task<IReadOnlyList<SavedMapping>> ListMappingsAsync(AppDbContext db, int partnershipId, CancellationToken ct)
    {
        var mappings = await db.ImportMappings.AsNoTracking().Include(m => m.Columns).Where(m => m.PartnershipId == partnershipId).ToListAsync(ct);
        return [.. mappings.OrderBy(m => m.Name).Select(m => new SavedMapping(m.Id, m.Name,
            m.Columns.GroupBy(c => ImportHeadings.Key(c.Heading)).ToDictionary(g => g.Key, g => g.First().Field), m.SavedAt, m.SavedBy))];
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>The priorities, partners, people and boards the coordinator chose to create, made once each however many rows name them.</summary>
    private sealed class Creations(AppDbContext db, int partnershipId, Strategy strategy, ImportTarget target, ImportPlan plan)
    {
        private readonly Dictionary<string, object> made = [];
        private int nextOrder = target.Priorities.Where(p => p.StrategyId == strategy.Id).Select(p => p.Order).DefaultIfEmpty(0).Max();

        private string TextOf(string key) => plan.Values.First(v => v.Key == key).Text;

        public Priority Priority(string key) => Make(key, () =>
        {
            var title = TextOf(key);
            var code = ImportPlanner.PriorityCode(title);
            var codes = target.Priorities.Where(p => p.StrategyId == strategy.Id).Select(p => p.Code).Concat(made.Values.OfType<Priority>().Select(p => p.Code)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            for (var n = 2; codes.Contains(code); n++) code = $"{ImportPlanner.PriorityCode(title)[..Math.Min(8, ImportPlanner.PriorityCode(title).Length)]}{n}";
            var priority = new Priority { StrategyId = strategy.Id, Title = Trim(title, 300), Code = code, Order = ++nextOrder };
            db.Priorities.Add(priority);
            return priority;
        });

        public PartnerOrganisation Organisation(string key) => Make(key, () =>
        {
            var name = TextOf(key);
            var organisation = new PartnerOrganisation { PartnershipId = partnershipId, Name = Trim(name, 200), ShortName = name.Length <= 12 ? name : null, Kind = KindOf(name) };
            db.Organisations.Add(organisation);
            return organisation;
        });

        public Person Person(string key, PartnerOrganisation? newOrganisation, int? organisationId) => Make(key, () =>
        {
            var person = new Person { PartnershipId = partnershipId, Name = Trim(TextOf(key), 200), Organisation = newOrganisation, OrganisationId = newOrganisation is null ? organisationId : null };
            db.People.Add(person);
            return person;
        });

        public Board Board(string key) => Make(key, () =>
        {
            var board = new Board { PartnershipId = partnershipId, Name = Trim(TextOf(key), 200), Kind = BoardKind.Other };
            db.Boards.Add(board);
            return board;
        });

        private T Make<T>(string key, Func<T> create) where T : class
        {
            if (made.TryGetValue(key, out var existing)) return (T)existing;
            var item = create();
            made[key] = item;
            return item;
        }

        private static OrganisationKind KindOf(string name)
        {
            var n = name.ToLowerInvariant();
            if (n.Contains("crime commissioner") || n.Contains("opcc") || n.Contains("pcc")) return OrganisationKind.PccOffice;
            if (n.Contains("police")) return OrganisationKind.Police;
            if (n.Contains("fire")) return OrganisationKind.Fire;
            if (n.Contains("probation")) return OrganisationKind.Probation;
            if (n.Contains("nhs") || n.Contains("health") || n.Contains("ccg") || n.Contains("icb") || n.Contains("hospital")) return OrganisationKind.Health;
            if (n.Contains("housing")) return OrganisationKind.Housing;
            if (n.Contains("council")) return OrganisationKind.Council;
            if (n.Contains("school") || n.Contains("college") || n.Contains("university")) return OrganisationKind.Education;
            return OrganisationKind.Other;
        }
    }
}
