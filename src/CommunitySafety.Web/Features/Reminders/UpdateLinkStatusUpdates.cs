using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Reminders;

public sealed class LinkUpdateForm
{
    public ActionStatus Status { get; set; }
    public RagRating Rag { get; set; }
    public int ProgressPercent { get; set; }
    public string Commentary { get; set; } = "";
    public string? NextSteps { get; set; }
    public Guid Version { get; set; }
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
    }
}

public enum LinkState
{
    Valid,
    NotRecognised,
    Expired,
    Revoked,
    NoLongerLead,
}

/// <summary>What the update page shows of the one action a link is for.</summary>
public sealed record LinkedAction(
    LinkState State, string? PersonName = null, string? PartnershipName = null, string? Reference = null, string? Title = null,
    DateOnly? DueDate = null, ActionStatus Status = default, RagRating Rag = default, int ProgressPercent = 0, Guid Version = default)
{
    public string? Problem => State switch
    {
        LinkState.NotRecognised => "This link is not recognised. It may have been copied incompletely. Nothing has been changed. Use the link in your most recent reminder email, or sign in.",
        LinkState.Expired => "This link has expired: links in reminder emails work for 14 days. Nothing has been changed. The next reminder will bring a new link, or you can sign in.",
        LinkState.Revoked => "This link has been withdrawn by the partnership. Nothing has been changed. Please sign in to update the action.",
        LinkState.NoLongerLead => "This action now has a different lead, so this link no longer works. Nothing has been changed.",
        _ => null,
    };
}

public sealed record LinkUpdateResult(bool Saved, LinkState State, string? Message, IReadOnlyList<FluentValidation.Results.ValidationFailure>? Errors = null);

/// <summary>
/// Issues the emailed single-action update links and posts the status update a lead makes through one, without a
/// password. A minimal writer of its own: it checks the action's version, saves the update and the action's fields
/// in one transaction, records which link was used, and publishes <see cref="ActionChanges"/>.
/// </summary>
public sealed class UpdateLinkStatusUpdates(
    IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, ActionChanges changes, IValidator<LinkUpdateForm> validator)
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

    public async Task<LinkedAction> OpenAsync(string? token, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (state, link) = await FindAsync(db, token, ct);
        if (state != LinkState.Valid) return new LinkedAction(state);
        var a = link!.Action!;
        return new LinkedAction(LinkState.Valid, link.Person!.Name, link.Person.Partnership!.Name, a.Reference, a.Title, a.DueDate,
            a.Status, a.Rag, a.ProgressPercent, a.Version);
    }

    public async Task<LinkUpdateResult> PostAsync(string? token, LinkUpdateForm form, string? remoteAddress, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (state, link) = await FindAsync(db, token, ct);
        if (state != LinkState.Valid) return new LinkUpdateResult(false, state, new LinkedAction(state).Problem);
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid) return new LinkUpdateResult(false, state, "Some answers need correcting.", validation.Errors);

        var action = link!.Action!;
        var now = time.GetUtcNow().UtcDateTime;
        db.Entry(action).Property(a => a.Version).OriginalValue = form.Version;
        action.Status = form.Status;
        action.Rag = form.Rag;
        action.ProgressPercent = form.ProgressPercent;
        action.LastUpdatedAt = now;
        if (form.Status == ActionStatus.Completed) action.CompletedOn ??= time.Today();
        action.Version = Guid.NewGuid();
        var update = new StatusUpdate
        {
            ActionId = action.Id,
            RecordedAt = now,
            AuthorName = link.Person!.Name,
            AuthorPersonId = link.PersonId,
            Rag = form.Rag,
            Status = form.Status,
            ProgressPercent = form.ProgressPercent,
            Commentary = form.Commentary.Trim(),
            NextSteps = string.IsNullOrWhiteSpace(form.NextSteps) ? null : form.NextSteps.Trim(),
        };
        db.StatusUpdates.Add(update);
        link.UsedCount++;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new LinkUpdateResult(false, state, "Someone else updated this action while you were writing. Reload the page to see their update; nothing of yours was saved.");
        }

        db.UpdateLinkUses.Add(new UpdateLinkUse { UpdateLinkId = link.Id, StatusUpdateId = update.Id, UsedAt = now, RemoteAddress = remoteAddress });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        await changes.PublishAsync(new ActionChange(link.Person.PartnershipId, action.Id, now));
        return new LinkUpdateResult(true, state, "Thank you: your status update has been saved.");
    }

    private async Task<(LinkState, UpdateLink?)> FindAsync(AppDbContext db, string? token, CancellationToken ct)
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
        return (LinkState.Valid, link);
    }
}
