using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Actions;

public enum SaveOutcome
{
    Saved,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,

    /// <summary>The database could not store it (read-only, full, unreachable): nothing of it was written.</summary>
    NotSaved,
}

/// <summary>One field someone else changed while you were editing: their value now, and the value you were saving.</summary>
public sealed record FieldDifference(string Field, string Theirs, string Yours);

/// <summary>What the other person changed, so the second to save can see it and merge or start again.</summary>
public sealed record ConflictDetails(string ChangedBy, DateTime? ChangedAt, IReadOnlyList<FieldDifference> Differences);

/// <param name="AlreadySavedAt">Set when this very submission had been saved before (a resubmit, or an answer lost after the commit): it was not saved twice.</param>
public sealed record SaveResult(
    SaveOutcome Outcome, int? Id = null, IReadOnlyList<ValidationFailure>? Errors = null, string? Message = null, ConflictDetails? Conflict = null,
    DateTime? AlreadySavedAt = null)
{
    public bool Succeeded => Outcome == SaveOutcome.Saved;

    public static SaveResult NotSaved() => new(SaveOutcome.NotSaved,
        Message: "Your change was NOT saved: the database could not store it, so nothing of it was written. " +
                 "What you typed is still here: copy it before you leave, and try again later. The problem has been logged for the administrator.");

    public static SaveResult Invalid(IEnumerable<ValidationFailure> errors) =>
        new(SaveOutcome.Invalid, Errors: errors.ToList(), Message: "Some answers need correcting.");

    public static SaveResult Invalid(string property, string message) => Invalid([new ValidationFailure(property, message)]);

    public static readonly SaveResult NotFound = new(SaveOutcome.NotFound, Message: "That action does not exist, or you cannot see it.");

    public static readonly SaveResult Forbidden = new(SaveOutcome.Forbidden, Message: "You may not change this action.");
}

/// <summary>
/// Creates and changes actions. Every rule is checked here, on the server, whatever the page showed: who may change
/// what, that every reference belongs to the partnership, and that nobody else saved in between. Status, RAG and
/// progress are not written here: a new action starts not started, and only a status update moves it on.
/// </summary>
public sealed class ActionEditor(
    IDbContextFactory<AppDbContext> dbFactory, IValidator<ActionForm> validator, TimeProvider time, ActionConflicts conflicts, SaveGuard guard)
{
    public Task<SaveResult> SaveAsync(int partnershipId, ActionForm form, Actor actor, CancellationToken ct = default) =>
        guard.RunAsync<Action>(form.SubmissionId, form.Id, $"action {form.Reference} (id {form.Id})", actor, () => SaveOnceAsync(partnershipId, form, actor, ct), ct);

    private async Task<SaveResult> SaveOnceAsync(int partnershipId, ActionForm form, Actor actor, CancellationToken ct)
    {
        if (!actor.CanSeePartnership(partnershipId) || !actor.CanReadActionPlan) return SaveResult.NotFound;
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid) return SaveResult.Invalid(validation.Errors);

        await using var db = await dbFactory.CreateDbContextAsync(actor, form.SubmissionId, ct);
        Action action;
        if (form.Id == 0)
        {
            if (!actor.CanEditStrategy(partnershipId)) return SaveResult.Forbidden;
            action = new Action { CreatedAt = time.GetUtcNow().UtcDateTime };
            db.Actions.Add(action);
        }
        else
        {
            var existing = await ActionQueries.Visible(db, partnershipId, actor).SingleOrDefaultAsync(a => a.Id == form.Id, ct);
            if (existing is null) return SaveResult.NotFound;
            if (!actor.CanUpdateAction(existing, partnershipId)) return SaveResult.Forbidden;
            if (!actor.CanEditStrategy(partnershipId) && ChangesStructure(existing, form))
            {
                return new SaveResult(SaveOutcome.Forbidden, Message: "As the action's lead you may change its dates here, and its progress, status and RAG with a status update, but not its priority, reference, title, description, lead or restriction. Ask the coordinator.");
            }

            action = existing;
            db.Entry(action).Property(a => a.Version).OriginalValue = form.Version;
        }

        var references = await CheckReferencesAsync(db, partnershipId, form, ct);
        if (references.Count > 0) return SaveResult.Invalid(references);

        Apply(form, action);
        action.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var theirs = await conflicts.CurrentAsync(action.Id, ct);
            if (theirs is null) return SaveResult.NotFound;
            var details = await conflicts.DescribeAsync(action.Id, ActionForm.From(theirs).Differences(form.Loaded, form), ct);
            return new SaveResult(SaveOutcome.Conflict, action.Id, Message: ConflictMessages.Saved(details), Conflict: details);
        }

        return new SaveResult(SaveOutcome.Saved, action.Id);
    }

    private static bool ChangesStructure(Action a, ActionForm f) =>
        a.PriorityId != f.PriorityId || a.Reference != f.Reference.Trim() || a.Title != f.Title.Trim()
        || (a.Description ?? "") != (f.Description?.Trim() ?? "") || a.LeadOrganisationId != f.LeadOrganisationId
        || a.LeadPersonId != f.LeadPersonId || a.DeputyPersonId != f.DeputyPersonId || a.BoardId != f.BoardId || a.IsRestricted != f.IsRestricted;

    private static async Task<List<ValidationFailure>> CheckReferencesAsync(AppDbContext db, int partnershipId, ActionForm f, CancellationToken ct)
    {
        var errors = new List<ValidationFailure>();
        if (!await db.Priorities.AnyAsync(p => p.Id == f.PriorityId && p.Strategy!.PartnershipId == partnershipId, ct))
            errors.Add(new(nameof(f.PriorityId), "Choose a priority of this partnership's strategy."));
        if (f.LeadOrganisationId is { } org && !await db.Organisations.AnyAsync(o => o.Id == org && o.PartnershipId == partnershipId, ct))
            errors.Add(new(nameof(f.LeadOrganisationId), "Choose a partner organisation of this partnership."));
        if (f.LeadPersonId is { } person && !await db.People.AnyAsync(p => p.Id == person && p.PartnershipId == partnershipId, ct))
            errors.Add(new(nameof(f.LeadPersonId), "Choose a person in this partnership."));
        if (f.DeputyPersonId is { } deputy && !await db.People.AnyAsync(p => p.Id == deputy && p.PartnershipId == partnershipId, ct))
            errors.Add(new(nameof(f.DeputyPersonId), "Choose a person in this partnership."));
        if (f.BoardId is { } board && !await db.Boards.AnyAsync(b => b.Id == board && b.PartnershipId == partnershipId, ct))
            errors.Add(new(nameof(f.BoardId), "Choose a board of this partnership."));
        var reference = f.Reference.Trim();
        if (await db.Actions.AnyAsync(a => a.Id != f.Id && a.Reference == reference && a.Priority!.Strategy!.PartnershipId == partnershipId, ct))
            errors.Add(new(nameof(f.Reference), $"Another action already has the reference {reference}."));
        return errors;
    }

    private static void Apply(ActionForm f, Action a)
    {
        a.PriorityId = f.PriorityId!.Value;
        a.Reference = f.Reference.Trim();
        a.Title = f.Title.Trim();
        a.Description = string.IsNullOrWhiteSpace(f.Description) ? null : f.Description.Trim();
        a.LeadOrganisationId = f.LeadOrganisationId;
        a.LeadPersonId = f.LeadPersonId;
        a.DeputyPersonId = f.DeputyPersonId;
        a.BoardId = f.BoardId;
        a.StartDate = ToDate(f.StartDate);
        a.DueDate = ToDate(f.DueDate);
        a.IsRestricted = f.IsRestricted;
    }

    private static DateOnly? ToDate(DateTime? d) => d is null ? null : DateOnly.FromDateTime(d.Value);
}
