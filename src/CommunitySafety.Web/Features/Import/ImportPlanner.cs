using System.Security.Cryptography;
using System.Text;
using CommunitySafety.Domain;
using CommunitySafety.Web.Features.StatusUpdates;
using FluentValidation;

namespace CommunitySafety.Web.Features.Import;

/// <summary>The partnership as the importer compares a file with it; actions carry their milestones and latest commentary.</summary>
public sealed record ImportTarget(
    PartnershipSettings Settings,
    DateOnly Today,
    IReadOnlyList<Strategy> Strategies,
    IReadOnlyList<Priority> Priorities,
    IReadOnlyList<PartnerOrganisation> Organisations,
    IReadOnlyList<Person> People,
    IReadOnlyList<Board> Boards,
    IReadOnlyList<(Action Action, string? LatestCommentary)> Actions)
{
    private Lookups? lookups;

    /// <summary>The actions by reference, by title and by id, built once: a file may have 10,000 rows.</summary>
    internal Lookups Index => lookups ??= new Lookups(this);

    internal sealed class Lookups(ImportTarget target)
    {
        public ILookup<string, Action> ByReference { get; } = target.Actions.Select(a => a.Action).ToLookup(a => ImportPlanner.RefKey(a.Reference));
        public ILookup<string, Action> ByTitle { get; } = target.Actions.Select(a => a.Action).ToLookup(a => ImportHeadings.Key(a.Title));
        public Dictionary<int, string?> Commentary { get; } = target.Actions.ToDictionary(a => a.Action.Id, a => a.LatestCommentary);
        public HashSet<string> References { get; } = target.Actions.Select(a => a.Action.Reference).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>
/// Works out what each row of the file becomes: a new action, a change to an existing one (matched by reference, or
/// by title when the coordinator confirms) with a status update under the partnership's RAG rules, or nothing.
/// Pure: it reads the target and the choices and writes nothing, so the preview and the import agree.
/// </summary>
public sealed class ImportPlanner(IValidator<StatusUpdateForm> statusRules)
{
    public ImportPlan Plan(string fileName, IReadOnlyList<string> sheetNames, string sheetName, int headerRow, IReadOnlyList<ColumnMapping> columns,
        IReadOnlyList<PlanRow> rows, IReadOnlyList<ImportProblem> readProblems, ImportTarget target, ImportChoices choices, Actor actor, string? savedMappingName)
    {
        var problems = readProblems.ToList();
        var strategy = target.Strategies.FirstOrDefault(s => s.Id == choices.StrategyId) ?? DefaultStrategy(target.Strategies);
        var strategyPriorities = strategy is null ? [] : target.Priorities.Where(p => p.StrategyId == strategy.Id).OrderBy(p => p.Order).ToList();
        var defaultPriority = strategyPriorities.FirstOrDefault(p => p.Id == choices.DefaultPriorityId);
        var questions = new Dictionary<string, ValueQuestion>();
        var titleQuestions = new List<TitleMatchQuestion>();
        var planned = new List<PlannedAction>();
        nextNumber.Clear();
        var matchedIds = new Dictionary<int, int>();
        var fileReferences = new Dictionary<string, int>();
        var source = Path.GetFileName(fileName);
        // An action another row names by its reference is that row's, never a title match for this one.
        var fileReferenceKeys = rows.Where(r => r.Reference is not null).Select(r => RefKey(r.Reference!)).ToHashSet();
        // References the file gives come first: a generated one never takes a reference a later row asks for.
        var taken = new HashSet<string>(target.Index.References.Concat(rows.Where(r => r.Reference is not null).Select(r => r.Reference!.Trim())), StringComparer.OrdinalIgnoreCase);

        if (strategy is null) problems.Add(new(ProblemSeverity.Error, null, null, "The partnership has no strategy to import the actions into. Add the strategy first."));

        foreach (var row in rows)
        {
            var item = new PlannedAction { Row = row.Row, Kind = PlannedKind.New, Source = row, Title = row.Title ?? "" };
            planned.Add(item);
            if (row.Title is null) { item.Kind = PlannedKind.Skipped; continue; }

            // Which action is it?
            Action? existing = null;
            var refKey = row.Reference is { } r ? RefKey(r) : null;
            if (refKey is not null)
            {
                if (fileReferences.TryGetValue(refKey, out var earlier))
                {
                    problems.Add(new(ProblemSeverity.Error, row.Row, row.Heading(ImportField.Reference), $"{row.Reference} is also the reference on row {earlier}. Give each action its own reference."));
                    item.Kind = PlannedKind.Skipped;
                    continue;
                }

                fileReferences[refKey] = row.Row;
                existing = target.Index.ByReference[refKey].FirstOrDefault();
            }

            if (existing is null)
            {
                var titleKey = ImportHeadings.Key(row.Title);
                var byTitle = target.Index.ByTitle[titleKey]
                    .Where(a => !matchedIds.ContainsKey(a.Id) && !fileReferenceKeys.Contains(RefKey(a.Reference)))
                    .ToList();
                if (byTitle.Count == 1)
                {
                    if (refKey is null)
                    {
                        existing = byTitle[0];
                        problems.Add(new(ProblemSeverity.Note, row.Row, row.Heading(ImportField.Action), $"no reference given: matched by its title to {existing.Reference}."));
                    }
                    else
                    {
                        bool? same = choices.TitleMatches.TryGetValue(row.Row, out var s) ? s : null;
                        titleQuestions.Add(new(row.Row, row.Reference!, row.Title, byTitle[0].Id, byTitle[0].Reference, same));
                        if (same is null)
                        {
                            problems.Add(new(ProblemSeverity.Error, row.Row, row.Heading(ImportField.Reference),
                                $"{row.Reference} is new, but the action has the same title as {byTitle[0].Reference}. Say whether it is the same action, renumbered, or a new one."));
                        }
                        else if (same.Value)
                        {
                            existing = byTitle[0];
                        }
                    }
                }
            }

            if (existing is not null)
            {
                if (!actor.IsCleared && existing.IsRestricted)
                {
                    problems.Add(new(ProblemSeverity.Warning, row.Row, row.Heading(ImportField.Reference), $"{row.Reference} is an action you may not see or change — the row is left out."));
                    item.Kind = PlannedKind.Skipped;
                    continue;
                }

                if (matchedIds.TryGetValue(existing.Id, out var other))
                {
                    problems.Add(new(ProblemSeverity.Error, row.Row, null, $"row {other} is already this action ({existing.Reference}). An action can be imported once per file."));
                    item.Kind = PlannedKind.Skipped;
                    continue;
                }

                matchedIds[existing.Id] = row.Row;
            }

            // Which priority, lead, officer and board?
            var ownStrategy = existing is null ? null : target.Priorities.FirstOrDefault(p => p.Id == existing.PriorityId)?.StrategyId;
            if (row.Priority is not null)
            {
                var candidates = ownStrategy is { } own && own != strategy?.Id
                    ? target.Priorities.Where(p => p.StrategyId == own).Concat(strategyPriorities).ToList()
                    : strategyPriorities;
                var (found, note) = FindPriority(candidates, row.Priority);
                if (found is not null)
                {
                    item.PriorityId = found.Id;
                    item.PriorityName = found.Title;
                    if (note) problems.Add(new(ProblemSeverity.Note, row.Row, row.Heading(ImportField.Priority), $"'{row.Priority}' read as the priority '{found.Title}'."));
                }
                else
                {
                    var q = Ask(questions, choices, ValueKind.Priority, row.Priority, row.Row, [.. strategyPriorities.Select(p => (p.Id, p.Title))],
                        new ValueChoice(ValueAction.Create), $"'{row.Priority}' is not a priority of the strategy");
                    ApplyChoice(q, id => { item.PriorityId = id; item.PriorityName = strategyPriorities.First(p => p.Id == id).Title; },
                        () => { item.NewPriorityKey = q.Key; item.PriorityName = row.Priority + " (new)"; }, () => { });
                }
            }

            if (item.PriorityId is null && item.NewPriorityKey is null)
            {
                if (existing is not null)
                {
                    item.PriorityId = existing.PriorityId;
                    item.PriorityName = target.Priorities.FirstOrDefault(p => p.Id == existing.PriorityId)?.Title ?? "";
                }
                else if (defaultPriority is not null)
                {
                    item.PriorityId = defaultPriority.Id;
                    item.PriorityName = defaultPriority.Title;
                }
                else
                {
                    problems.Add(new(ProblemSeverity.Error, row.Row, row.Heading(ImportField.Priority), "no priority is given for this action. Choose the priority for actions without one."));
                }
            }

            ResolveOrganisation(item, row, target, questions, choices, problems);
            ResolvePerson(item, row, target, questions, choices, problems);
            ResolveBoard(item, row, target, questions, choices, problems);

            item.Description = Compose(row);
            item.StartDate = row.StartDate;
            item.DueDate = row.DueDate;
            item.Restricted = row.Restricted;
            if (row.Restricted == true && !actor.IsCleared && existing is null)
            {
                problems.Add(new(ProblemSeverity.Error, row.Row, row.Heading(ImportField.Restricted), "the action is restricted, and you are not cleared for restricted items. Ask a cleared coordinator to import it."));
            }

            if (existing is null) PlanNew(item, row, target, taken, problems, source);
            else PlanUpdate(item, row, existing, target, problems, source);
        }

        var values = questions.Values.OrderBy(q => q.Kind).ThenBy(q => q.Rows[0]).ToList();
        foreach (var q in values) problems.Add(new(q.Choice.Action == ValueAction.LeaveEmpty ? ProblemSeverity.Warning : ProblemSeverity.Note, q.Rows[0], KindHeading(q.Kind, rows), q.Message + Plural(q.Rows)));

        var ordered = problems.OrderBy(p => p.Row ?? 0).ThenBy(p => p.Severity).ToList();
        return new ImportPlan
        {
            FileName = fileName,
            SheetNames = sheetNames,
            SheetName = sheetName,
            HeaderRow = headerRow + 1,
            Columns = columns,
            Strategies = [.. target.Strategies.Select(s => (s.Id, s.Title))],
            StrategyId = strategy?.Id,
            Priorities = [.. strategyPriorities.Select(p => (p.Id, $"{p.Code} · {p.Title}"))],
            DefaultPriorityId = defaultPriority?.Id,
            SavedMappingName = savedMappingName,
            Actions = planned,
            Problems = ordered,
            Values = values,
            TitleMatches = titleQuestions,
            Digest = Digest(planned, values, ordered),
        };
    }

    public static Strategy? DefaultStrategy(IReadOnlyList<Strategy> strategies) =>
        strategies.Where(s => s.Status == StrategyStatus.Adopted).OrderByDescending(s => s.PeriodStart).FirstOrDefault()
        ?? strategies.OrderByDescending(s => s.PeriodStart).FirstOrDefault();

    private void PlanNew(PlannedAction item, PlanRow row, ImportTarget target, HashSet<string> taken, List<ImportProblem> problems, string source)
    {
        item.Kind = PlannedKind.New;
        if (row.Reference is { } reference)
        {
            item.Reference = reference.Trim();
            taken.Add(item.Reference);
            if (item.Reference.Length > 20)
                problems.Add(new(ProblemSeverity.Error, row.Row, row.Heading(ImportField.Reference), $"'{PlanSheetInterpreter.Shorten(reference)}' is longer than a reference can be (20 characters)."));
        }
        else
        {
            item.Reference = NextReference(item, target, taken);
            problems.Add(new(ProblemSeverity.Note, row.Row, row.Heading(ImportField.Reference), $"no reference given: the action will be {item.Reference}."));
        }

        var draft = new Action { StartDate = row.StartDate, DueDate = row.DueDate };
        item.Update = Rate(item, row, draft, null, target, problems, source, isNew: true);
        item.Changes.Add("New action");
    }

    private void PlanUpdate(PlannedAction item, PlanRow row, Action existing, ImportTarget target, List<ImportProblem> problems, string source)
    {
        item.ActionId = existing.Id;
        item.Reference = row.Reference?.Trim() ?? existing.Reference;
        void Change<T>(string what, T before, T after, Func<T, string> show)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after)) item.Changes.Add($"{what}: {show(before)} → {show(after)}");
        }

        string Show(string? s) => s is null or "" ? "none" : $"'{PlanSheetInterpreter.Shorten(s)}'";
        string ShowDate(DateOnly? d) => d is { } v ? ImportValues.Uk(v) : "none";
        Change("Reference", existing.Reference, item.Reference, Show);
        Change("Title", existing.Title, item.Title, Show);
        if (item.PriorityId is { } pid) Change("Priority", existing.PriorityId, pid, id => target.Priorities.FirstOrDefault(p => p.Id == id)?.Title ?? "?");
        else if (item.NewPriorityKey is not null) item.Changes.Add($"Priority: moves to the new priority {item.PriorityName}");
        if (item.Description is not null) Change("Description", existing.Description, item.Description, Show);
        else item.Description = existing.Description;
        if (item.OrganisationId is { } org) Change("Lead organisation", existing.LeadOrganisationId, org, id => target.Organisations.FirstOrDefault(o => o.Id == id)?.Name ?? "none");
        else if (item.NewOrganisationKey is not null) item.Changes.Add($"Lead organisation: {item.LeadOrganisationName}");
        else if (row.LeadOrganisation is null) { item.OrganisationId = existing.LeadOrganisationId; }
        if (item.PersonId is { } person) Change("Lead officer", existing.LeadPersonId, person, id => target.People.FirstOrDefault(p => p.Id == id)?.Name ?? "none");
        else if (item.NewPersonKey is not null) item.Changes.Add($"Lead officer: {item.LeadPersonName}");
        else if (row.LeadOfficer is null) { item.PersonId = existing.LeadPersonId; }
        if (item.BoardId is { } board) Change("Board", existing.BoardId, board, id => target.Boards.FirstOrDefault(b => b.Id == id)?.Name ?? "none");
        else if (item.NewBoardKey is not null) item.Changes.Add($"Board: {item.BoardName}");
        else if (row.Board is null) { item.BoardId = existing.BoardId; }
        // A date the file does not give (or gives in words) leaves the action's own date as it is.
        item.StartDate ??= existing.StartDate;
        item.DueDate ??= existing.DueDate;
        Change("Start date", existing.StartDate, item.StartDate, ShowDate);
        Change("Due date", existing.DueDate, item.DueDate, ShowDate);
        item.Restricted ??= existing.IsRestricted;
        Change("Restricted", existing.IsRestricted, item.Restricted.Value, b => b ? "yes" : "no");
        item.LeadOrganisationName ??= target.Organisations.FirstOrDefault(o => o.Id == item.OrganisationId)?.Name;
        item.LeadPersonName ??= target.People.FirstOrDefault(p => p.Id == item.PersonId)?.Name;
        item.BoardName ??= target.Boards.FirstOrDefault(b => b.Id == item.BoardId)?.Name;

        var latest = target.Index.Commentary[existing.Id];
        var newCommentary = row.Commentary is { } c && c != latest ? c : null;
        var statusChanges = (row.Status is { } s && s != existing.Status) || (row.Progress is { } p && p != existing.ProgressPercent)
                            || (row.Rag is { } rag && rag != existing.Rag && !(rag == RagRating.Complete && existing.Status == ActionStatus.Completed)) || newCommentary is not null;
        if (statusChanges)
        {
            var after = new Action
            {
                StartDate = item.StartDate, DueDate = item.DueDate, Status = existing.Status, ProgressPercent = existing.ProgressPercent,
                LastUpdatedAt = existing.LastUpdatedAt, Milestones = existing.Milestones, CompletedOn = existing.CompletedOn,
            };
            item.Update = Rate(item, row, after, newCommentary, target, problems, source, isNew: false);
            // "Green" for a completed action reads as Complete: no change, so no update.
            if (item.Update is { } same && newCommentary is null && same.Status == existing.Status && same.Rag == existing.Rag && same.ProgressPercent == existing.ProgressPercent)
            {
                item.Update = null;
            }

            if (item.Update is { } u)
            {
                Change("Status", existing.Status, u.Status, x => x.Label());
                Change("RAG", existing.Rag, u.Rag, x => x.Label());
                Change("Progress", existing.ProgressPercent, u.ProgressPercent, x => $"{x}%");
                item.Changes.Add(newCommentary is null ? "A status update is recorded" : $"A status update is recorded: '{PlanSheetInterpreter.Shorten(newCommentary)}'");
            }
        }

        if (item.Kind != PlannedKind.Skipped) item.Kind = item.Changes.Count > 0 ? PlannedKind.Update : PlannedKind.Unchanged;
    }

    /// <summary>The status update a row records: the file's status, progress and RAG, checked by the same rules as any update.</summary>
    private PlannedUpdate? Rate(PlannedAction item, PlanRow row, Action before, string? commentary, ImportTarget target, List<ImportProblem> problems, string source, bool isNew)
    {
        var rag = row.Rag;
        var status = row.Status ?? (rag switch
        {
            RagRating.Complete => ActionStatus.Completed,
            RagRating.Red or RagRating.Amber or RagRating.Green => isNew || before.Status == ActionStatus.NotStarted ? ActionStatus.InProgress : before.Status,
            _ => isNew ? (row.Progress > 0 ? ActionStatus.InProgress : ActionStatus.NotStarted) : before.Status,
        });
        var progress = row.Progress ?? (isNew ? 0 : before.ProgressPercent);
        if (status == ActionStatus.Completed)
        {
            if (rag is not null and not RagRating.Complete)
                problems.Add(new(ProblemSeverity.Note, row.Row, row.Heading(ImportField.Rag), $"{rag.Value.Label()} for a completed action: it is rated Complete."));
            rag = RagRating.Complete;
            progress = 100;
        }
        else if (rag == RagRating.Complete)
        {
            problems.Add(new(ProblemSeverity.Warning, row.Row, row.Heading(ImportField.Rag), $"rated Complete, but the status is {status.Label()}: the rating the rules suggest is used instead."));
            rag = null;
        }

        var today = target.Today;
        var suggested = RagRules.Suggest(RagFacts.Of(before).AfterUpdate(status, progress, today), today, target.Settings).Rating;
        var chosen = rag ?? suggested;
        var at = $"{source}, row {row.Row}";
        string? reason = null;
        if (chosen != suggested)
        {
            reason = $"Imported from {at}: the partnership's own plan rates it {chosen.Label()}.";
            problems.Add(new(ProblemSeverity.Note, row.Row, row.Heading(ImportField.Rag),
                $"the file rates it {chosen.Label()}{(row.RagFromColour ? " (read from the cell's colour)" : "")} where the rules suggest {suggested.Label()} — {chosen.Label()} is kept, with the reason \"{reason}\""));
        }

        DateOnly? completedOn = null;
        if (status == ActionStatus.Completed)
        {
            completedOn = before.CompletedOn ?? today;
            if (before.CompletedOn is null)
                problems.Add(new(ProblemSeverity.Note, row.Row, row.Heading(ImportField.Status), $"completed: the completion date is taken as today, {ImportValues.Uk(today)}. Change it on the action if it was earlier."));
        }

        var text = (isNew ? row.Commentary : commentary) ?? $"Imported from {at}.";
        var form = new StatusUpdateForm
        {
            Status = status, ProgressPercent = progress, Rag = chosen, SuggestedRag = suggested, RagOverrideReason = reason,
            Commentary = text, CompletedOn = completedOn?.ToDateTime(TimeOnly.MinValue),
        };
        var validation = statusRules.Validate(form);
        foreach (var error in validation.Errors)
        {
            problems.Add(new(ProblemSeverity.Error, row.Row, null, error.ErrorMessage));
        }

        if (!validation.IsValid)
        {
            item.Kind = PlannedKind.Skipped;
            return null;
        }

        return new PlannedUpdate(status, progress, chosen, suggested, reason, text.Trim(), completedOn);
    }

    private static string? Compose(PlanRow row)
    {
        var parts = new List<string>();
        if (row.Description is { Length: > 0 } d) parts.Add(d);
        if (row.Outcome is { Length: > 0 } o) parts.Add($"{row.Heading(ImportField.Outcome)}: {o}");
        if (row.StartAsWritten is { } s) parts.Add($"{row.Heading(ImportField.StartDate)} in the partnership's plan: {s}");
        if (row.DueAsWritten is { } due) parts.Add($"{row.Heading(ImportField.DueDate)} in the partnership's plan: {due}");
        var text = string.Join("\n\n", parts);
        return text.Length == 0 ? null : text.Length > 8000 ? text[..8000] : text;
    }

    private static (Priority? Found, bool Note) FindPriority(IReadOnlyList<Priority> priorities, string text)
    {
        var key = ImportHeadings.Key(text);
        if (priorities.FirstOrDefault(p => ImportHeadings.Key(p.Title) == key || ImportHeadings.Key(p.Code) == key) is { } exact) return (exact, false);
        var near = priorities.Where(p => Contains(key, ImportHeadings.Key(p.Title)) || Contains(ImportHeadings.Key(p.Title), key)).ToList();
        return near.Count == 1 ? (near[0], true) : (null, false);
    }

    private static void ResolveOrganisation(PlannedAction item, PlanRow row, ImportTarget target, Dictionary<string, ValueQuestion> questions, ImportChoices choices, List<ImportProblem> problems)
    {
        if (row.LeadOrganisation is not { } text) return;
        var (found, how) = FindOrganisation(target.Organisations, text);
        if (found is null)
        {
            // "TVP / MKC": the first partner named leads.
            foreach (var part in text.Split(['/', ',', '&', ';', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Any() ? text.Split(['/', ',', '&', ';', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [])
            {
                (found, _) = FindOrganisation(target.Organisations, part);
                if (found is not null)
                {
                    how = $"names more than one partner: {found.Name} is taken as the lead";
                    break;
                }
            }
        }

        if (found is not null)
        {
            item.OrganisationId = found.Id;
            item.LeadOrganisationName = found.Name;
            if (how is not null) problems.Add(new(ProblemSeverity.Note, row.Row, row.Heading(ImportField.LeadOrganisation), $"'{text}' {how}."));
            return;
        }

        var suggestion = SuggestOrganisation(target.Organisations, text);
        var q = Ask(questions, choices, ValueKind.Organisation, text, row.Row, [.. target.Organisations.OrderBy(o => o.Name).Select(o => (o.Id, o.Name))],
            suggestion is null ? new ValueChoice(ValueAction.Create) : new ValueChoice(ValueAction.MapTo, suggestion.Id),
            $"'{text}' is not a partner — create it, or map it to {(suggestion?.Name ?? "one of the partners")}");
        ApplyChoice(q, id => { item.OrganisationId = id; item.LeadOrganisationName = target.Organisations.First(o => o.Id == id).Name; },
            () => { item.NewOrganisationKey = q.Key; item.LeadOrganisationName = text + " (new partner)"; }, () => { });
    }

    internal static (PartnerOrganisation? Found, string? How) FindOrganisation(IReadOnlyList<PartnerOrganisation> organisations, string text)
    {
        var key = ImportHeadings.Key(text);
        if (organisations.FirstOrDefault(o => ImportHeadings.Key(o.Name) == key || (o.ShortName is { } s && ImportHeadings.Key(s) == key)) is { } exact) return (exact, null);
        var byInitials = organisations.Where(o => Initials(o.Name) == key.Replace(" ", "", StringComparison.Ordinal) && key.Length >= 2).ToList();
        if (byInitials.Count == 1) return (byInitials[0], $"read as {byInitials[0].Name}");
        var initialsOfText = Initials(text);
        var reverse = organisations.Where(o => o.ShortName is { } s && ImportHeadings.Key(s).Replace(" ", "", StringComparison.Ordinal) == initialsOfText && initialsOfText.Length >= 2).ToList();
        if (reverse.Count == 1) return (reverse[0], $"read as {reverse[0].Name}");
        return (null, null);
    }

    private static PartnerOrganisation? SuggestOrganisation(IReadOnlyList<PartnerOrganisation> organisations, string text)
    {
        var key = ImportHeadings.Key(text);
        var compact = key.Replace(" ", "", StringComparison.Ordinal);
        var near = organisations.Where(o => Contains(ImportHeadings.Key(o.Name), key) || Contains(key, ImportHeadings.Key(o.Name))
                                            || (compact.Length >= 2 && Initials(o.Name).Contains(compact, StringComparison.Ordinal))).ToList();
        return near.Count == 1 ? near[0] : null;
    }

    private static void ResolvePerson(PlannedAction item, PlanRow row, ImportTarget target, Dictionary<string, ValueQuestion> questions, ImportChoices choices, List<ImportProblem> problems)
    {
        if (row.LeadOfficer is not { } text) return;
        var key = ImportHeadings.Key(text);
        var found = target.People.Where(p => ImportHeadings.Key(p.Name) == key).ToList();
        if (found.Count == 0) found = [.. target.People.Where(p => Contains(key, ImportHeadings.Key(p.Name)) || Contains(ImportHeadings.Key(p.Name), key) && key.Contains(' ', StringComparison.Ordinal))];
        if (found.Count == 1)
        {
            item.PersonId = found[0].Id;
            item.LeadPersonName = found[0].Name;
            if (ImportHeadings.Key(found[0].Name) != key) problems.Add(new(ProblemSeverity.Note, row.Row, row.Heading(ImportField.LeadOfficer), $"'{text}' read as {found[0].Name}."));
            return;
        }

        var q = Ask(questions, choices, ValueKind.Person, text, row.Row, [.. target.People.OrderBy(p => p.Name).Select(p => (p.Id, p.Name))],
            new ValueChoice(ValueAction.Create), $"'{text}' is not one of the partnership's people — add them, or choose who it is");
        ApplyChoice(q, id => { item.PersonId = id; item.LeadPersonName = target.People.First(p => p.Id == id).Name; },
            () => { item.NewPersonKey = q.Key; item.LeadPersonName = text + " (new person)"; }, () => { });
    }

    private static void ResolveBoard(PlannedAction item, PlanRow row, ImportTarget target, Dictionary<string, ValueQuestion> questions, ImportChoices choices, List<ImportProblem> problems)
    {
        if (row.Board is not { } text) return;
        var key = ImportHeadings.Key(text);
        var compact = key.Replace(" ", "", StringComparison.Ordinal);
        var found = target.Boards.Where(b => ImportHeadings.Key(b.Name) == key).ToList();
        if (found.Count == 0) found = [.. target.Boards.Where(b => Contains(ImportHeadings.Key(b.Name), key) || Initials(b.Name) == compact)];
        if (found.Count == 1)
        {
            item.BoardId = found[0].Id;
            item.BoardName = found[0].Name;
            if (ImportHeadings.Key(found[0].Name) != key) problems.Add(new(ProblemSeverity.Note, row.Row, row.Heading(ImportField.Board), $"'{text}' read as {found[0].Name}."));
            return;
        }

        var q = Ask(questions, choices, ValueKind.Board, text, row.Row, [.. target.Boards.OrderBy(b => b.Name).Select(b => (b.Id, b.Name))],
            new ValueChoice(ValueAction.LeaveEmpty), $"'{text}' is not one of the partnership's boards — choose the board, add it, or leave the action without one");
        ApplyChoice(q, id => { item.BoardId = id; item.BoardName = target.Boards.First(b => b.Id == id).Name; },
            () => { item.NewBoardKey = q.Key; item.BoardName = text + " (new board)"; }, () => { });
    }

    private static ValueQuestion Ask(Dictionary<string, ValueQuestion> questions, ImportChoices choices, ValueKind kind, string text, int row,
        IReadOnlyList<(int Id, string Name)> options, ValueChoice suggested, string message)
    {
        var key = $"{kind}:{ImportHeadings.Key(text)}";
        if (questions.TryGetValue(key, out var asked))
        {
            var updated = asked with { Rows = [.. asked.Rows, row] };
            questions[key] = updated;
            return updated;
        }

        var choice = choices.Values.TryGetValue(key, out var c) && (c.Action != ValueAction.MapTo || options.Any(o => o.Id == c.ExistingId)) ? c : suggested;
        var q = new ValueQuestion(kind, key, text, [row], options, choice, message);
        questions[key] = q;
        return q;
    }

    private static void ApplyChoice(ValueQuestion q, System.Action<int> map, System.Action create, System.Action leaveEmpty)
    {
        switch (q.Choice.Action)
        {
            case ValueAction.MapTo: map(q.Choice.ExistingId!.Value); break;
            case ValueAction.Create: create(); break;
            default: leaveEmpty(); break;
        }
    }

    private readonly Dictionary<string, int> nextNumber = new(StringComparer.OrdinalIgnoreCase);

    private string NextReference(PlannedAction item, ImportTarget target, HashSet<string> taken)
    {
        var code = target.Priorities.FirstOrDefault(p => p.Id == item.PriorityId)?.Code ?? PriorityCode(item.Source.Priority ?? "ACT");
        var n = nextNumber.GetValueOrDefault(code);
        while (true)
        {
            var candidate = $"{code}-{++n:00}";
            if (!taken.Add(candidate)) continue;
            nextNumber[code] = n;
            return candidate;
        }
    }

    /// <summary>A short code for a new priority from the initials of its main words: "Road safety" is RS.</summary>
    public static string PriorityCode(string title)
    {
        var initials = Initials(title).ToUpperInvariant();
        return initials.Length switch
        {
            0 => "P",
            > 6 => initials[..6],
            _ => initials,
        };
    }

    private static readonly HashSet<string> SmallWords = ["and", "of", "the", "for", "in", "on", "to", "a", "an", "&"];

    private static string Initials(string name) =>
        string.Concat(ImportHeadings.Key(name).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !SmallWords.Contains(w)).Select(w => w[0]));

    private static bool Contains(string haystack, string needle) =>
        needle.Length >= 3 && (" " + haystack + " ").Contains(" " + needle + " ", StringComparison.Ordinal);

    internal static string RefKey(string reference) => ImportHeadings.Key(reference).Replace(" ", "", StringComparison.Ordinal);

    private static string? KindHeading(ValueKind kind, IReadOnlyList<PlanRow> rows)
    {
        var field = kind switch
        {
            ValueKind.Priority => ImportField.Priority,
            ValueKind.Organisation => ImportField.LeadOrganisation,
            ValueKind.Person => ImportField.LeadOfficer,
            _ => ImportField.Board,
        };
        return rows.Count > 0 ? rows[0].Heading(field) : ImportLabels.Of(field);
    }

    private static string Plural(IReadOnlyList<int> rows) =>
        rows.Count > 1 ? $" (also on row{(rows.Count > 2 ? "s" : "")} {string.Join(", ", rows.Skip(1))})." : ".";

    private static string Digest(IEnumerable<PlannedAction> actions, IEnumerable<ValueQuestion> values, IEnumerable<ImportProblem> problems)
    {
        var sb = new StringBuilder();
        foreach (var a in actions) sb.Append(a.Row).Append('|').Append(a.Kind).Append('|').Append(a.Reference).Append('|').AppendJoin(';', a.Changes).Append('\n');
        foreach (var v in values) sb.Append(v.Key).Append('=').Append(v.Choice).Append('\n');
        foreach (var p in problems) sb.Append(p).Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
