using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;

namespace CommunitySafety.Web.Features.UpdateRounds;

/// <summary>One action as a round email lists it: its current state, so the owner sees what they are confirming.</summary>
public sealed record RoundEmailAction(
    string Reference, string Title, RagRating Rag, ActionStatus Status, int ProgressPercent, DateOnly? DueDate,
    string? LastCommentary, DateTime? LastUpdatedAt, bool Answered, string? Owners = null, string? Organisation = null);

public enum RoundEmailKind
{
    /// <summary>To an owner: the request, a late action, or a resend.</summary>
    Request,

    /// <summary>To an owner who has not answered: 3 days before the deadline, or on it.</summary>
    Chaser,

    /// <summary>To the coordinator and the board's chair after the deadline: who has not answered.</summary>
    NotAnswered,
}

/// <summary>An update round email, as plain text and (through <see cref="UpdateRoundEmailHtml"/>) HTML.</summary>
public sealed record UpdateRoundEmail(
    RoundEmailKind Kind, string RecipientName, string PartnershipName, string Board, DateTime MeetingStartsAt, DateOnly Deadline, DateOnly Today,
    IReadOnlyList<RoundEmailAction> Actions, string Link)
{
    public string Meeting => UpdateRoundText.MeetingDay(MeetingStartsAt);

    public string DeadlineText => UkCulture.LongDate(Deadline);

    public IReadOnlyList<RoundEmailAction> Unanswered => Actions.Where(a => !a.Answered).ToList();

    public string Subject => Kind switch
    {
        RoundEmailKind.Chaser when Today == Deadline => $"Today is the deadline: {Count(Unanswered.Count)} still to update for the {Board} on {Meeting}",
        RoundEmailKind.Chaser => $"Reminder: {Count(Unanswered.Count)} still to update for the {Board} on {Meeting}, by {DeadlineText}",
        RoundEmailKind.NotAnswered => $"{Board}, {Meeting}: {Count(Actions.Count)} not updated by the deadline",
        _ => $"{Board}, {Meeting}: please update your {Count(Actions.Count)} by {DeadlineText}",
    };

    public string Opening => Kind switch
    {
        RoundEmailKind.NotAnswered =>
            $"The deadline for updates for the {Board} meeting on {Meeting} was {DeadlineText}. These actions have not been updated since the round opened:",
        RoundEmailKind.Chaser =>
            $"The {Board} meets on {Meeting}. {(Unanswered.Count == 1 ? "This action still needs" : "These actions still need")} your update by {DeadlineText}:",
        _ =>
            $"The {Board} meets on {Meeting}. Please update {(Actions.Count == 1 ? "your action" : $"each of your {Actions.Count} actions")} by {DeadlineText}. " +
            "If nothing has changed, one press of \"No change\" is enough.",
    };

    public string LinkText => Kind == RoundEmailKind.NotAnswered
        ? "See the round's tracker (sign in)"
        : "Update your actions (no password needed; the link works until the meeting starts)";

    public IReadOnlyList<RoundEmailAction> Listed => Kind == RoundEmailKind.Chaser ? Unanswered : Actions;

    public string PlainText()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"Dear {RecipientName},").AppendLine();
        text.AppendLine(Opening).AppendLine();
        foreach (var a in Listed)
        {
            text.AppendLine($"* {a.Reference} {a.Title}");
            if (Kind == RoundEmailKind.NotAnswered) text.AppendLine($"  Owner: {a.Owners}{(a.Organisation is null ? "" : $" ({a.Organisation})")}");
            text.AppendLine($"  Now: {a.Rag.Label()}, {a.Status.Label()}, {a.ProgressPercent}% done, due {UkCulture.Date(a.DueDate)}{(Kind == RoundEmailKind.Request && a.Answered ? " (already updated for this meeting)" : "")}");
            text.AppendLine($"  Last update{(a.LastUpdatedAt is { } at ? $" ({UkCulture.Time(at)})" : "")}: {a.LastCommentary ?? "none yet"}");
        }

        text.AppendLine();
        text.AppendLine($"{LinkText}: {Link}");
        text.AppendLine().AppendLine(PartnershipName);
        return text.ToString();
    }

    private static string Count(int n) => n == 1 ? "1 action" : $"{n} actions";
}
