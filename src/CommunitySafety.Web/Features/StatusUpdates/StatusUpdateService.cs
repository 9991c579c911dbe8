using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.StatusUpdates;

/// <summary>An action ready to be updated: what the person updating needs to see, and the form to fill in.</summary>
public sealed record UpdateDraft(
    int ActionId,
    string Reference,
    string Title,
    string? LeadPerson,
    string? Board,
    DateOnly? StartDate,
    DateOnly? DueDate,
    DateTime? LastUpdatedAt,
    DateOnly Today,
    RagFacts Facts,
    PartnershipSettings Settings,
    StatusUpdateForm Form)
{
    /// <summary>What the rules would suggest once an update with this status and progress is posted today.</summary>
    public RagSuggestion SuggestFor(ActionStatus status, int progressPercent) =>
        RagRules.Suggest(Facts.AfterUpdate(status, progressPercent, Today), Today, Settings);
}

/// <summary>Which open actions the pre-meeting update page lists: one board's, or one person's.</summary>
public sealed record UpdateListFilter(int? BoardId, int? PersonId);

/// <summary>
/// Posts status updates. Every rule is checked here whatever the page showed: who may update the action, the
/// suggested RAG (worked out again now), a reason for choosing another, and that nobody else saved in between.
/// The update and the action's current status, RAG and progress are written in one transaction.
/// </summary>
public sealed class StatusUpdateService(
    IDbContextFactory<AppDbContext> dbFactory,
    IValidator<StatusUpdateForm> validator,
    TimeProvider time,
    ActionConflicts conflicts,
    SaveGuard guard)
{
    public async Task<UpdateDraft?> PrepareAsync(int partnershipId, int actionId, Actor actor, CancellationToken ct = default)
    {
        var drafts = await DraftsAsync(partnershipId, actor, q => q.Where(a => a.Id == actionId), ct);
        return drafts.SingleOrDefault();
    }

    /// <summary>The open actions of one board or one person that this user may update, in plan order.</summary>
    public Task<IReadOnlyList<UpdateDraft>> ListOpenAsync(int partnershipId, Actor actor, UpdateListFilter filter, CancellationToken ct = default) =>
        DraftsAsync(partnershipId, actor, q =>
        {
            q = q.Where(a => a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress);
            if (filter.BoardId is { } board) q = q.Where(a => a.BoardId == board);
            if (filter.PersonId is { } person) q = q.Where(a => a.LeadPersonId == person || a.DeputyPersonId == person);
            return q;
        }, ct);

    private async Task<IReadOnlyList<UpdateDraft>> DraftsAsync(int partnershipId, Actor actor, Func<IQueryable<Action>, IQueryable<Action>> filter, CancellationToken ct)
    {
        if (!actor.CanSeePartnership(partnershipId) || !actor.CanReadActionPlan) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await SettingsAsync(db, partnershipId, ct);
        var actions = await filter(ActionQueries.Visible(db, partnershipId, actor)).AsNoTracking()
            .Include(a => a.LeadPerson).Include(a => a.Board).Include(a => a.Milestones).Include(a => a.Priority)
            .AsSplitQuery()
            .ToListAsync(ct);
        var today = time.Today();
        return [.. actions.Where(a => actor.CanUpdateAction(a, partnershipId))
            .OrderBy(a => a.Priority!.Order).ThenBy(a => a.Reference)
            .Select(a => Draft(a, settings, today))];
    }

    private static UpdateDraft Draft(Action a, PartnershipSettings settings, DateOnly today)
    {
        var facts = RagFacts.Of(a);
        var suggested = RagRules.Suggest(facts.AfterUpdate(a.Status, a.ProgressPercent, today), today, settings).Rating;
        var form = new StatusUpdateForm
        {
            ActionId = a.Id, Version = a.Version, Status = a.Status, ProgressPercent = a.ProgressPercent,
            Rag = suggested, SuggestedRag = suggested,
            CompletedOn = a.CompletedOn?.ToDateTime(TimeOnly.MinValue),
            LoadedStatus = a.Status, LoadedRag = a.Rag, LoadedProgressPercent = a.ProgressPercent,
        };
        return new UpdateDraft(a.Id, a.Reference, a.Title, a.LeadPerson?.Name, a.Board?.Name, a.StartDate, a.DueDate,
            a.LastUpdatedAt, today, facts, settings, form);
    }

    public Task<SaveResult> PostAsync(int partnershipId, StatusUpdateForm form, Actor actor, CancellationToken ct = default) =>
        guard.RunAsync<StatusUpdate>(form.SubmissionId, form.ActionId, $"status update of action {form.ActionId}", actor, () => PostOnceAsync(partnershipId, form, actor, ct), ct);

    private async Task<SaveResult> PostOnceAsync(int partnershipId, StatusUpdateForm form, Actor actor, CancellationToken ct)
    {
        if (!actor.CanSeePartnership(partnershipId) || !actor.CanReadActionPlan) return SaveResult.NotFound;
        await using var db = await dbFactory.CreateDbContextAsync(actor, form.SubmissionId, ct);
        var action = await ActionQueries.Visible(db, partnershipId, actor).Include(a => a.Milestones)
            .SingleOrDefaultAsync(a => a.Id == form.ActionId, ct);
        if (action is null) return SaveResult.NotFound;
        if (!actor.CanUpdateAction(action, partnershipId))
        {
            return new SaveResult(SaveOutcome.Forbidden, Message: "You may not update this action: only its lead and the partnership's coordinator can.");
        }

        var today = time.Today();
        var settings = await SettingsAsync(db, partnershipId, ct);
        // The suggestion is the server's, now: a page left open overnight or a forged form cannot change it.
        form.SuggestedRag = RagRules.Suggest(RagFacts.Of(action).AfterUpdate(form.Status, form.ProgressPercent, today), today, settings).Rating;
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid) return SaveResult.Invalid(validation.Errors);
        var completedOn = form.Status == ActionStatus.Completed ? DateOnly.FromDateTime(form.CompletedOn!.Value) : (DateOnly?)null;
        if (completedOn > today) return SaveResult.Invalid(nameof(form.CompletedOn), "The completion date cannot be in the future.");

        var now = time.GetUtcNow().UtcDateTime;
        db.Entry(action).Property(a => a.Version).OriginalValue = form.Version;
        Apply(action, new StatusUpdate
        {
            RecordedAt = now,
            AuthorName = actor.Name,
            AuthorUserId = actor.UserId,
            AuthorPersonId = actor.PersonId is { } person && await db.People.AnyAsync(p => p.Id == person && p.PartnershipId == partnershipId, ct) ? person : null,
            Rag = form.Rag,
            SuggestedRag = form.SuggestedRag,
            RagOverrideReason = form.OverridesSuggestion ? form.RagOverrideReason!.Trim() : null,
            Status = form.Status,
            ProgressPercent = form.ProgressPercent,
            Commentary = form.Commentary.Trim(),
            NextSteps = string.IsNullOrWhiteSpace(form.NextSteps) ? null : form.NextSteps.Trim(),
            IncludeInActivityReport = form.IncludeInActivityReport,
        }, completedOn);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var details = await DescribeConflictAsync(form, ct);
            return details is null
                ? SaveResult.NotFound
                : new SaveResult(SaveOutcome.Conflict, action.Id, Message: ConflictMessages.Saved(details), Conflict: details);
        }

        return new SaveResult(SaveOutcome.Saved, action.Id);
    }

    /// <summary>The one place an action takes its status, RAG and progress from an update, whoever posts it (a page, an emailed link, an import).</summary>
    internal static void Apply(Action action, StatusUpdate update, DateOnly? completedOn)
    {
        action.StatusUpdates.Add(update);
        action.Status = update.Status;
        action.Rag = update.Rag;
        action.ProgressPercent = update.ProgressPercent;
        action.CompletedOn = completedOn;
        action.LastUpdatedAt = update.RecordedAt;
        action.Version = Guid.NewGuid();
    }

    private async Task<ConflictDetails?> DescribeConflictAsync(StatusUpdateForm mine, CancellationToken ct)
    {
        var theirs = await conflicts.CurrentAsync(mine.ActionId, ct);
        if (theirs is null) return null;
        var differences = new List<FieldDifference>();
        if (theirs.Status != mine.LoadedStatus) differences.Add(new("Status", theirs.Status.Label(), mine.Status.Label()));
        if (theirs.Rag != mine.LoadedRag) differences.Add(new("RAG rating", theirs.Rag.Label(), mine.Rag.Label()));
        if (theirs.ProgressPercent != mine.LoadedProgressPercent) differences.Add(new("Progress", $"{theirs.ProgressPercent}%", $"{mine.ProgressPercent}%"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = await db.StatusUpdates.AsNoTracking().Where(u => u.ActionId == mine.ActionId)
            .OrderByDescending(u => u.RecordedAt).ThenByDescending(u => u.Id).FirstOrDefaultAsync(ct);
        if (latest is not null && theirs.LastUpdatedAt == latest.RecordedAt)
        {
            differences.Add(new("Commentary", latest.Commentary, mine.Commentary));
        }

        return await conflicts.DescribeAsync(mine.ActionId, differences, ct);
    }

    /// <summary>The partnership's RAG thresholds, for pages that show what the rules suggest.</summary>
    public async Task<PartnershipSettings> SettingsAsync(int partnershipId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await SettingsAsync(db, partnershipId, ct);
    }

    private static async Task<PartnershipSettings> SettingsAsync(AppDbContext db, int partnershipId, CancellationToken ct) =>
        await db.Partnerships.AsNoTracking().Where(p => p.Id == partnershipId).Select(p => p.Settings).SingleOrDefaultAsync(ct) ?? new PartnershipSettings();
}
