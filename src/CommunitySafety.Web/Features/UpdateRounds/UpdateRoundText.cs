using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;

namespace CommunitySafety.Web.Features.UpdateRounds;

/// <summary>How a round is named in pages and emails: "Tasking Board, Tuesday 8 December 2026".</summary>
public static class UpdateRoundText
{
    public static string MeetingDay(DateTime meetingStartsAtUtc) => UkCulture.LongDate(UpdateRoundRules.MeetingDay(meetingStartsAtUtc));

    public static string Title(string board, DateTime meetingStartsAtUtc) => $"{board}, {MeetingDay(meetingStartsAtUtc)}";

    public static string Why(CannotAskReason reason) => reason switch
    {
        CannotAskReason.NoEmail => "has no email address",
        CannotAskReason.NotCleared => "is not cleared for this restricted action",
        _ => "the action names no lead or deputy",
    };
}
