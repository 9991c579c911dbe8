using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Features.StatusUpdates;
using CommunitySafety.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.UpdateRounds;

public enum RoundLinkState
{
    Valid,
    NotRecognised,
    Revoked,
    Closed,
}

/// <summary>One action on the owner's page, with what "No change" would record.</summary>
public sealed record OwnerAction(
    int Id, string Reference, string Title, DateOnly? DueDate, ActionStatus Status, RagRating Rag, int ProgressPercent, bool IsRestricted,
    string? LastCommentary, DateTime? LastUpdatedAt, bool Answered, string? AnsweredBy, Guid Version,
    RagSuggestion IfUnchanged, string? CarriedReason)
{
    /// <summary>"No change" needs a reason when the rules now suggest another rating and no earlier reason for it still stands.</summary>
    public bool NoChangeNeedsReason => IfUnchanged.Rating != Rag && CarriedReason is null;
}

/// <summary>What the owner's page shows: their actions in the round, or why the link cannot be used.</summary>
public sealed record OwnerRound(
    RoundLinkState State, string? PersonName = null, string? PartnershipName = null, string? BoardName = null,
    DateTime? MeetingStartsAt = null, DateOnly? Deadline = null, IReadOnlyList<OwnerAction>? Actions = null, int HiddenRestricted = 0)
{
    public string? Problem => State switch
    {
        RoundLinkState.NotRecognised => "This link is not recognised: it may have been copied incompletely. Nothing has been changed. Use the link in your most recent email, or sign in.",
        RoundLinkState.Revoked => "This link has been withdrawn by the partnership. Nothing has been changed. Sign in to update your actions, or ask the partnership's coordinator for a new link.",
        RoundLinkState.Closed => BoardName is null || MeetingStartsAt is null
            ? "This update round has closed. Nothing has been changed. Sign in to update your actions."
            : $"This update round has closed: it was for the {BoardName} meeting on {UpdateRoundText.MeetingDay(MeetingStartsAt.Value)}. Nothing has been changed. Sign in to update your actions.",
        _ => null,
    };
}

/// <summary>What one form on the owner's page posts. Strings where a person types, so a bad value gets a message, not a crash.</summary>
public sealed class RoundAnswerInput
{
    public const string NoChange = "no-change";
    public const string Update = "update";

    /// <summary>In the RAG field: take the rating the partnership's rules suggest for what was entered.</summary>
    public const string SuggestedRag = "suggested";

    public int ActionId { get; set; }
    public Guid Version { get; set; }
    public string? Kind { get; set; }
    public string? Note { get; set; }
    public string? Status { get; set; }
    public string? Rag { get; set; }
    public string? Progress { get; set; }
    public string? Reason { get; set; }
    public string? Commentary { get; set; }
    public string? NextSteps { get; set; }
}

public sealed record RoundAnswerResult(bool Saved, string? Message, IReadOnlyDictionary<string, string>? Errors = null)
{
    public static RoundAnswerResult Refused(string message) => new(false, message);
}

/// <summary>
/// The owner's page behind a personal round link: no password, only the actions the person may answer for now,
/// and every answer a status update through <see cref="StatusUpdateService"/>, so the same rules apply as when signed
/// in (suggested RAG, a reason for another, the version check) and the audit log names them "(update round)".
/// </summary>
public sealed class UpdateRoundAnswers(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, StatusUpdateService statusUpdates)
{
    public async Task<OwnerRound> OpenAsync(string? token, Actor? viewer = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (state, link) = await FindAsync(db, token, ct);
        if (link is null) return new OwnerRound(state);
        var round = link.UpdateRound!;
        if (state != RoundLinkState.Valid) return new OwnerRound(state, BoardName: round.Board!.Name, MeetingStartsAt: round.Meeting!.StartsAt);

        var person = link.Person!;
        var actions = await UpdateRoundAccess.ActionsForAsync(db, round.Id, person.Id, ct, viewer, throughLink: true);
        var hidden = await UpdateRoundAccess.HiddenRestrictedAsync(db, round.Id, person.Id, viewer, ct);
        var settings = person.Partnership!.Settings;
        var today = time.Today();
        var ids = actions.Select(a => a.Id).ToList();
        var latest = (await db.Actions.AsNoTracking().Where(a => ids.Contains(a.Id))
                .Select(a => a.StatusUpdates.OrderByDescending(u => u.RecordedAt).ThenByDescending(u => u.Id)
                    .Select(u => new LastUpdate(u.ActionId, u.Commentary, u.AuthorName, u.Rag, u.SuggestedRag, u.RagOverrideReason)).FirstOrDefault())
                .ToListAsync(ct))
            .OfType<LastUpdate>().ToDictionary(u => u.ActionId);
        var rows = actions.Select(a =>
        {
            var last = latest.GetValueOrDefault(a.Id);
            var unchanged = RagRules.Suggest(RagFacts.Of(a).AfterUpdate(a.Status, a.ProgressPercent, today), today, settings);
            // A reason given for this rating, while the rules suggested what they suggest now, still explains it.
            var carried = last is { RagOverrideReason: { } reason } && last.Rag == a.Rag && last.SuggestedRag == unchanged.Rating ? reason : null;
            var answered = UpdateRoundRules.IsAnswered(a.LastUpdatedAt, round.OpenedAt);
            return new OwnerAction(a.Id, a.Reference, a.Title, a.DueDate, a.Status, a.Rag, a.ProgressPercent, a.IsRestricted,
                last?.Commentary, a.LastUpdatedAt, answered, answered ? last?.AuthorName : null, a.Version, unchanged, carried);
        }).ToList();
        return new OwnerRound(RoundLinkState.Valid, person.Name, person.Partnership.Name, round.Board!.Name, round.Meeting!.StartsAt, round.Deadline, rows, hidden);
    }

    public async Task<RoundAnswerResult> AnswerAsync(string? token, RoundAnswerInput input, Actor? viewer = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (state, link) = await FindAsync(db, token, ct);
        if (state != RoundLinkState.Valid)
        {
            return RoundAnswerResult.Refused(new OwnerRound(state, BoardName: link?.UpdateRound?.Board?.Name, MeetingStartsAt: link?.UpdateRound?.Meeting?.StartsAt).Problem!);
        }

        var person = link!.Person!;
        var round = link.UpdateRound!;
        var action = (await UpdateRoundAccess.ActionsForAsync(db, round.Id, person.Id, ct, viewer, throughLink: true)).SingleOrDefault(a => a.Id == input.ActionId);
        if (action is null) return RoundAnswerResult.Refused("That action is not one of yours in this round. Nothing has been changed.");

        var actor = UpdateRoundAccess.OwnerActor(link, person, await UpdateRoundAccess.SignedInAsClearedAsync(db, person.Id, viewer, ct));
        var draft = await statusUpdates.PrepareAsync(person.PartnershipId, action.Id, actor, ct);
        if (draft is null) return RoundAnswerResult.Refused("That action can no longer be updated here. Nothing has been changed. Sign in to see it.");
        var (form, errors) = input.Kind == RoundAnswerInput.NoChange ? await NoChangeAsync(db, draft, action, input, round, ct) : Update(draft, input);
        if (errors.Count > 0) return new RoundAnswerResult(false, "Some answers need correcting.", errors);

        var result = await statusUpdates.PostAsync(person.PartnershipId, form!, actor, ct);
        switch (result.Outcome)
        {
            case SaveOutcome.Saved:
                link.LastUsedAt = time.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(ct);
                return new RoundAnswerResult(true, input.Kind == RoundAnswerInput.NoChange
                    ? $"{action.Reference}: recorded as unchanged. Thank you."
                    : $"{action.Reference}: your update has been saved. Thank you.");
            case SaveOutcome.Invalid:
                return new RoundAnswerResult(false, "Some answers need correcting.",
                    (result.Errors ?? []).GroupBy(e => FieldOf(e.PropertyName)).ToDictionary(g => g.Key, g => g.First().ErrorMessage));
            case SaveOutcome.Conflict:
                return RoundAnswerResult.Refused($"{action.Reference} was updated by someone else while you were answering. Nothing of yours was saved: the page now shows their update.");
            default:
                return RoundAnswerResult.Refused(result.Message ?? "That action can no longer be updated here. Nothing has been changed.");
        }
    }

    private async Task<(StatusUpdateForm?, Dictionary<string, string>)> NoChangeAsync(
        AppDbContext db, UpdateDraft draft, Action action, RoundAnswerInput input, UpdateRound round, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var note = Clean(input.Note);
        var reason = Clean(input.Reason);
        var suggested = draft.SuggestFor(action.Status, action.ProgressPercent);
        if (suggested.Rating != action.Rag && reason is null)
        {
            var last = await db.StatusUpdates.AsNoTracking().Where(u => u.ActionId == action.Id)
                .OrderByDescending(u => u.RecordedAt).ThenByDescending(u => u.Id).FirstOrDefaultAsync(ct);
            reason = last is { RagOverrideReason: { } before } && last.Rag == action.Rag && last.SuggestedRag == suggested.Rating ? before : null;
            if (reason is null)
            {
                errors[nameof(RoundAnswerInput.Reason)] =
                    $"The partnership's rules now suggest {suggested.Rating.Label()} ({string.Join(" ", suggested.Reasons)}). To keep it {action.Rag.Label()}, say why; or choose Update.";
            }
        }

        var meeting = UpdateRoundText.MeetingDay(round.Meeting!.StartsAt);
        var form = Form(draft, input.Version, action.Status, action.ProgressPercent, action.Rag, reason,
            $"No change since the last update (confirmed for the {round.Board!.Name} meeting on {meeting}).{(note is null ? "" : " " + note)}", null);
        return (form, errors);
    }

    private sealed record LastUpdate(int ActionId, string Commentary, string AuthorName, RagRating Rag, RagRating? SuggestedRag, string? RagOverrideReason);

    private (StatusUpdateForm?, Dictionary<string, string>) Update(UpdateDraft draft, RoundAnswerInput input)
    {
        var errors = new Dictionary<string, string>();
        if (!Enum.TryParse<ActionStatus>(input.Status, out var status) || !Enum.IsDefined(status)) errors[nameof(input.Status)] = "Choose a status.";
        if (!int.TryParse(input.Progress, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var progress) || progress is < 0 or > 100)
            errors[nameof(input.Progress)] = "Progress is a whole percentage from 0 to 100.";
        RagRating rag = default;
        if (input.Rag != RoundAnswerInput.SuggestedRag && (!Enum.TryParse(input.Rag, out rag) || !Enum.IsDefined(rag))) errors[nameof(input.Rag)] = "Choose a RAG rating.";
        if (Clean(input.Commentary) is null) errors[nameof(input.Commentary)] = "Say what has happened since the last update.";
        if (errors.Count > 0) return (null, errors);
        if (input.Rag == RoundAnswerInput.SuggestedRag) rag = draft.SuggestFor(status, progress).Rating;
        return (Form(draft, input.Version, status, progress, rag, Clean(input.Reason), Clean(input.Commentary)!, Clean(input.NextSteps)), errors);
    }

    /// <summary>The version is the one the owner's page was showing, so an answer to a page someone else has overtaken is a conflict.</summary>
    private StatusUpdateForm Form(UpdateDraft draft, Guid version, ActionStatus status, int progress, RagRating rag, string? reason, string commentary, string? nextSteps) => new()
    {
        ActionId = draft.ActionId, Version = version, Status = status, ProgressPercent = progress, Rag = rag,
        RagOverrideReason = reason, Commentary = commentary, NextSteps = nextSteps,
        CompletedOn = status == ActionStatus.Completed ? time.Today().ToDateTime(TimeOnly.MinValue) : null,
        LoadedStatus = draft.Form.LoadedStatus, LoadedRag = draft.Form.LoadedRag, LoadedProgressPercent = draft.Form.LoadedProgressPercent,
    };

    private static string FieldOf(string property) => property switch
    {
        nameof(StatusUpdateForm.RagOverrideReason) => nameof(RoundAnswerInput.Reason),
        nameof(StatusUpdateForm.ProgressPercent) => nameof(RoundAnswerInput.Progress),
        nameof(StatusUpdateForm.CompletedOn) => nameof(RoundAnswerInput.Status),
        _ => property,
    };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task<(RoundLinkState, UpdateRoundLink?)> FindAsync(AppDbContext db, string? token, CancellationToken ct)
    {
        if (SecretTokens.HashOrNull(token) is not { } hash) return (RoundLinkState.NotRecognised, null);
        var link = await db.UpdateRoundLinks
            .Include(l => l.UpdateRound).ThenInclude(r => r!.Board)
            .Include(l => l.UpdateRound).ThenInclude(r => r!.Meeting)
            .Include(l => l.Person).ThenInclude(p => p!.Partnership)
            .SingleOrDefaultAsync(l => l.TokenHash == hash, ct);
        if (link is null) return (RoundLinkState.NotRecognised, null);
        if (link.UpdateRound!.IsClosedAt(time.GetUtcNow().UtcDateTime, link.UpdateRound.Meeting!.StartsAt)) return (RoundLinkState.Closed, link);
        if (link.RevokedAt is not null) return (RoundLinkState.Revoked, link);
        return (RoundLinkState.Valid, link);
    }
}
