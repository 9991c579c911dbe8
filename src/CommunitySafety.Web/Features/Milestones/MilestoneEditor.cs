using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Milestones;

/// <summary>
/// Creates and changes milestones. A coordinator changes anything; the partner lead who owns a milestone may only
/// record when it was completed. Every rule is checked here, whatever the page showed.
/// </summary>
public sealed class MilestoneEditor(IDbContextFactory<AppDbContext> dbFactory, IValidator<MilestoneForm> validator, SaveGuard guard)
{
    private static readonly SaveResult NotFound = new(SaveOutcome.NotFound, Message: "That milestone does not exist, or you cannot see it.");

    public Task<SaveResult> SaveAsync(int partnershipId, MilestoneForm form, Actor actor, CancellationToken ct = default) =>
        guard.RunAsync<Milestone>(form.SubmissionId, form.Id, $"milestone '{form.Title}' (id {form.Id})", actor, () => SaveOnceAsync(partnershipId, form, actor, ct), ct);

    private async Task<SaveResult> SaveOnceAsync(int partnershipId, MilestoneForm form, Actor actor, CancellationToken ct)
    {
        if (!actor.CanSeePartnership(partnershipId) || !actor.CanReadActionPlan) return NotFound;
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid) return SaveResult.Invalid(validation.Errors);

        await using var db = await dbFactory.CreateDbContextAsync(actor, form.SubmissionId, ct);
        Milestone milestone;
        if (form.Id == 0)
        {
            if (!actor.CanEditStrategy(partnershipId)) return new SaveResult(SaveOutcome.Forbidden, Message: "Only the partnership's coordinator can add milestones.");
            milestone = new Milestone { PartnershipId = partnershipId };
            db.Milestones.Add(milestone);
        }
        else
        {
            var existing = await MilestoneQueries.Visible(db, partnershipId, actor).SingleOrDefaultAsync(m => m.Id == form.Id, ct);
            if (existing is null) return NotFound;
            if (!actor.CanUpdateMilestone(existing)) return new SaveResult(SaveOutcome.Forbidden, Message: "You may not change this milestone: only its owner and the partnership's coordinator can.");
            if (!actor.CanEditStrategy(partnershipId) && ChangesMoreThanCompletion(existing, form))
            {
                return new SaveResult(SaveOutcome.Forbidden, Message: "As the milestone's owner you may record when it was completed, but not change anything else. Ask the coordinator.");
            }

            milestone = existing;
            db.Entry(milestone).Property(m => m.Version).OriginalValue = form.Version;
        }

        if (form.IsRestricted && !actor.IsCleared)
        {
            return SaveResult.Invalid(nameof(form.IsRestricted), "Only people cleared for exempt information can mark a milestone restricted.");
        }

        var references = await CheckReferencesAsync(db, partnershipId, actor, form, form.Id == 0 ? null : milestone, ct);
        if (references.Count > 0) return SaveResult.Invalid(references);

        Apply(form, milestone);
        milestone.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new SaveResult(SaveOutcome.Conflict, milestone.Id, Message: "Someone else saved this milestone while you were editing it. Reload to see their changes; nothing of yours was saved.");
        }

        return new SaveResult(SaveOutcome.Saved, milestone.Id);
    }

    private static bool ChangesMoreThanCompletion(Milestone m, MilestoneForm f) =>
        m.Title != f.Title.Trim() || m.Description != Trimmed(f.Description) || m.Kind != f.Kind
        || m.DueDate != DateOnly.FromDateTime(f.DueDate!.Value) || m.OwnerId != f.OwnerId || m.SignOffBoardId != f.SignOffBoardId
        || m.StrategyId != f.StrategyId || m.ActionId != f.ActionId || m.IsRestricted != f.IsRestricted
        || m.ReminderLeadDays != LeadDays(f.ReminderLeadDays);

    /// <summary>
    /// Checks only the references being set or changed: an owner recording completion must not be refused because the
    /// milestone hangs on a restricted action they cannot see.
    /// </summary>
    private static async Task<List<ValidationFailure>> CheckReferencesAsync(
        AppDbContext db, int partnershipId, Actor actor, MilestoneForm f, Milestone? existing, CancellationToken ct)
    {
        var errors = new List<ValidationFailure>();
        if (existing is not null && existing.OwnerId == f.OwnerId && existing.SignOffBoardId == f.SignOffBoardId
            && existing.ActionId == f.ActionId && existing.StrategyId == f.StrategyId)
        {
            return errors;
        }

        if (f.OwnerId is { } owner && !await db.People.AnyAsync(p => p.Id == owner && p.PartnershipId == partnershipId, ct))
            errors.Add(new(nameof(f.OwnerId), "Choose a person in this partnership."));
        if (f.SignOffBoardId is { } board && !await db.Boards.AnyAsync(b => b.Id == board && b.PartnershipId == partnershipId, ct))
            errors.Add(new(nameof(f.SignOffBoardId), "Choose a board of this partnership."));
        if (f.ActionId is { } action && !await ActionQueries.Visible(db, partnershipId, actor).AnyAsync(a => a.Id == action, ct))
            errors.Add(new(nameof(f.ActionId), "Choose an action of this partnership's plan."));
        if (f.StrategyId is { } strategy && !await db.Strategies.AnyAsync(s => s.Id == strategy && s.PartnershipId == partnershipId, ct))
            errors.Add(new(nameof(f.StrategyId), "Choose a strategy of this partnership."));
        return errors;
    }

    private static void Apply(MilestoneForm f, Milestone m)
    {
        m.Title = f.Title.Trim();
        m.Description = Trimmed(f.Description);
        m.Kind = f.Kind;
        m.DueDate = DateOnly.FromDateTime(f.DueDate!.Value);
        m.OwnerId = f.OwnerId;
        m.SignOffBoardId = f.SignOffBoardId;
        m.CompletedOn = f.CompletedOn is null ? null : DateOnly.FromDateTime(f.CompletedOn.Value);
        m.StrategyId = f.StrategyId;
        m.ActionId = f.ActionId;
        m.IsRestricted = f.IsRestricted;
        m.ReminderLeadDays = LeadDays(f.ReminderLeadDays);
    }

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>"28, 14 ,7" is stored as "28,14,7"; blank means the partnership's default.</summary>
    private static string? LeadDays(string? s) =>
        string.IsNullOrWhiteSpace(s) ? null : string.Join(',', s.Split(',', StringSplitOptions.TrimEntries));
}
