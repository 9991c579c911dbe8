using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.StatusUpdates;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Reminders;

public sealed class LinkUpdateForm
{
    public ActionStatus Status { get; set; }
    public RagRating Rag { get; set; }
    public int ProgressPercent { get; set; }

    /// <summary>Needed when the RAG chosen is not the one the partnership's rules suggest.</summary>
    public string? RagOverrideReason { get; set; }

    public string Commentary { get; set; } = "";
    public string? NextSteps { get; set; }
    public Guid Version { get; set; }

    /// <summary>The page's copy of the suggestion, so a missing reason is named as the person types; the server works it out again.</summary>
    public RagRating SuggestedRag { get; set; }

    /// <summary>Given when the form is filled in; the save is recorded under it, so a resubmit is not saved twice.</summary>
    public Guid SubmissionId { get; set; } = Guid.NewGuid();
}

internal sealed class LinkUpdateFormValidator : AbstractValidator<LinkUpdateForm>
{
    public LinkUpdateFormValidator()
    {
        RuleFor(f => f.Status).IsInEnum();
        RuleFor(f => f.Rag).IsInEnum();
        RuleFor(f => f.ProgressPercent).InclusiveBetween(0, 100).WithMessage("Progress is a percentage from 0 to 100.");
        RuleFor(f => f.Commentary).NotEmpty().WithMessage("Say what has happened since the last update.").MaximumLength(8000);
        RuleFor(f => f.NextSteps).MaximumLength(4000);
        RuleFor(f => f.RagOverrideReason).Must(r => !string.IsNullOrWhiteSpace(r)).When(f => f.Rag != f.SuggestedRag)
            .WithMessage(f => StatusUpdateFormValidator.ReasonNeeded(f.SuggestedRag, f.Rag));
    }
}

public enum LinkState
{
    Valid,
    NotRecognised,
    Expired,
    Revoked,
    NoLongerLead,

    /// <summary>The action is restricted: the link works only once its person has signed in with their cleared account.</summary>
    SignInRequired,

    /// <summary>The action is restricted and the signed-in account is not its person's, or is not cleared now.</summary>
    NotCleared,
}

/// <summary>What the update page shows of the one action a link is for.</summary>
public sealed record LinkedAction(
    LinkState State, string? PersonName = null, string? PartnershipName = null, string? Reference = null, string? Title = null,
    DateOnly? DueDate = null, ActionStatus Status = default, RagRating Rag = default, int ProgressPercent = 0, Guid Version = default,
    RagFacts? Facts = null, PartnershipSettings? Settings = null, DateOnly Today = default)
{
    /// <summary>What the partnership's rules would suggest once an update with this status and progress is posted today.</summary>
    public RagSuggestion SuggestFor(ActionStatus status, int progressPercent) =>
        RagRules.Suggest(Facts!.AfterUpdate(status, progressPercent, Today), Today, Settings!);

    public string? Problem => State switch
    {
        LinkState.NotRecognised => "This link is not recognised. It may have been copied incompletely. Nothing has been changed. Use the link in your most recent reminder email, or sign in.",
        LinkState.Expired => "This link has expired: links in reminder emails work for 14 days. Nothing has been changed. The next reminder will bring a new link, or you can sign in.",
        LinkState.Revoked => "This link has been withdrawn by the partnership. Nothing has been changed. Please sign in to update the action.",
        LinkState.NoLongerLead => "This action now has a different lead, so this link no longer works. Nothing has been changed.",
        LinkState.SignInRequired => "This action is restricted. Sign in with your own account, cleared for restricted items, and this link will then open it. Nothing has been changed.",
        LinkState.NotCleared => "This action is restricted, and the account you are signed in with is not the cleared account of the person this link was sent to. Nothing has been changed.",
        _ => null,
    };
}

public sealed record LinkUpdateResult(bool Saved, LinkState State, string? Message, IReadOnlyList<FluentValidation.Results.ValidationFailure>? Errors = null, bool NotSaved = false);

/// <summary>
/// Issues the emailed single-action update links and posts the status update a lead makes through one, without a
/// password. The update itself goes through <see cref="StatusUpdateService"/>, as the link's person acting as the
/// action's lead, so the same rules apply as when signed in (suggested RAG, a reason for another, the version
/// check) and the audit log names them; this records which link was used.
/// </summary>
public sealed class UpdateLinkStatusUpdates(
    IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, StatusUpdateService statusUpdates, IValidator<LinkUpdateForm> validator,
    ILogger<UpdateLinkStatusUpdates> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    /// <summary>Adds a link to <paramref name="db"/> (saved by the caller) and returns it with its token, shown once in the email.</summary>
    public (string Token, UpdateLink Link) Issue(AppDbContext db, int actionId, int personId)
    {
        var (token, hash) = SecretTokens.New();
        var now = time.GetUtcNow().UtcDateTime;
        var link = new UpdateLink { TokenHash = hash, ActionId = actionId, PersonId = personId, CreatedAt = now, ExpiresAt = now + Lifetime };
        db.UpdateLinks.Add(link);
        return (token, link);
    }

    public async Task<int> RevokeAsync(int partnershipId, int linkId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanEditStrategy(partnershipId)) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.UpdateLinks
            .Where(l => l.Id == linkId && l.RevokedAt == null && l.Person!.PartnershipId == partnershipId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), ct);
    }

    /// <param name="viewer">Who the browser is signed in as, if anyone: a restricted action's link needs its cleared person.</param>
    public async Task<LinkedAction> OpenAsync(string? token, Actor? viewer = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (state, link) = await FindAsync(db, token, viewer, ct);
        if (state != LinkState.Valid) return new LinkedAction(state);
        var a = link!.Action!;
        await db.Entry(a).Collection(x => x.Milestones).LoadAsync(ct);
        return new LinkedAction(LinkState.Valid, link.Person!.Name, link.Person.Partnership!.Name, a.Reference, a.Title, a.DueDate,
            a.Status, a.Rag, a.ProgressPercent, a.Version, RagFacts.Of(a), link.Person.Partnership.Settings, time.Today());
    }

    public async Task<LinkUpdateResult> PostAsync(string? token, LinkUpdateForm form, string? remoteAddress, Actor? viewer = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (state, link) = await FindAsync(db, token, viewer, ct);
        if (state != LinkState.Valid) return new LinkUpdateResult(false, state, new LinkedAction(state).Problem);
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid) return new LinkUpdateResult(false, state, "Some answers need correcting.", validation.Errors);

        var action = link!.Action!;
        var person = link.Person!;
        // FindAsync let a restricted action through only for its person's cleared account, signed in now.
        var lead = new Actor($"update-link:{link.Id}", $"{person.Name} (by emailed link)", person.Id, person.PartnershipId,
            IsAdministrator: false, IsCoordinator: false, IsPartnerLead: true, IsBoardMember: false, IsScrutinyMember: false,
            IsCleared: action.IsRestricted);
        var update = new StatusUpdateForm
        {
            ActionId = action.Id, SubmissionId = form.SubmissionId, Version = form.Version, Status = form.Status, Rag = form.Rag, ProgressPercent = form.ProgressPercent,
            RagOverrideReason = form.RagOverrideReason, Commentary = form.Commentary, NextSteps = form.NextSteps,
            CompletedOn = form.Status == ActionStatus.Completed ? (action.CompletedOn ?? time.Today()).ToDateTime(TimeOnly.MinValue) : null,
            LoadedStatus = action.Status, LoadedRag = action.Rag, LoadedProgressPercent = action.ProgressPercent,
        };
        var result = await statusUpdates.PostAsync(person.PartnershipId, update, lead, ct);
        switch (result.Outcome)
        {
            case SaveOutcome.Saved when result.AlreadySavedAt is not null:
                return new LinkUpdateResult(true, state, "Thank you: your status update was already saved. It has not been saved twice.");
            case SaveOutcome.Saved:
                break;
            case SaveOutcome.NotSaved:
                return new LinkUpdateResult(false, state, result.Message, NotSaved: true);
            case SaveOutcome.Invalid:
                return new LinkUpdateResult(false, state, result.Message, result.Errors);
            case SaveOutcome.Conflict:
                return new LinkUpdateResult(false, state, "Someone else updated this action while you were writing. Reload the page to see their update; nothing of yours was saved.");
            default:
                return new LinkUpdateResult(false, state, result.Message);
        }

        var statusUpdateId = await db.StatusUpdates.Where(u => u.ActionId == action.Id && u.AuthorUserId == lead.UserId)
            .OrderByDescending(u => u.Id).Select(u => u.Id).FirstAsync(ct);
        link.UsedCount++;
        db.UpdateLinkUses.Add(new UpdateLinkUse { UpdateLinkId = link.Id, StatusUpdateId = statusUpdateId, UsedAt = time.GetUtcNow().UtcDateTime, RemoteAddress = remoteAddress });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (SaveGuard.IsStorageFailure(ex))
        {
            // The update itself is saved; only the note of which link brought it is missing.
            logger.LogError(ex, "Status update {StatusUpdate} was saved, but the use of update link {Link} was not recorded", statusUpdateId, link.Id);
        }

        return new LinkUpdateResult(true, state, "Thank you: your status update has been saved.");
    }

    private async Task<(LinkState, UpdateLink?)> FindAsync(AppDbContext db, string? token, Actor? viewer, CancellationToken ct)
    {
        if (SecretTokens.HashOrNull(token) is not { } hash) return (LinkState.NotRecognised, null);
        var link = await db.UpdateLinks
            .Include(l => l.Action)
            .Include(l => l.Person).ThenInclude(p => p!.Partnership)
            .SingleOrDefaultAsync(l => l.TokenHash == hash, ct);
        if (link is null) return (LinkState.NotRecognised, null);
        if (link.RevokedAt is not null) return (LinkState.Revoked, link);
        if (!link.IsUsableAt(time.GetUtcNow().UtcDateTime)) return (LinkState.Expired, link);
        if (link.Action!.LeadPersonId != link.PersonId) return (LinkState.NoLongerLead, link);
        return await LinkAccess.CheckAsync(db, link.Action, link.PersonId, viewer, ct) switch
        {
            LinkAccessResult.SignInAsCleared => (LinkState.SignInRequired, link),
            LinkAccessResult.NotCleared => (LinkState.NotCleared, link),
            _ => (LinkState.Valid, link),
        };
    }
}
