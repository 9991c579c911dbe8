using CommunitySafety.Domain;

namespace CommunitySafety.Domain.Tests;

public class BoardReviewTests
{
    private static readonly DateTime Meeting = new(2026, 10, 13, 13, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly DateTime Now = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Before = Meeting.AddMonths(-6);

    private static ActionSince Action(int id, RagRating? then, RagRating now, ActionStatus status = ActionStatus.InProgress,
        DateOnly? due = null, DateOnly? completed = null, DateTime? created = null) =>
        new(id, created ?? Before, then, now, status, due ?? new DateOnly(2027, 3, 31), completed);

    [Fact]
    public void Ratings_that_got_better_or_worse_are_listed_and_unchanged_ones_are_not()
    {
        var changes = SinceLastMeeting.Compare(
        [
            Action(1, RagRating.Red, RagRating.Amber),
            Action(2, RagRating.Green, RagRating.Red),
            Action(3, RagRating.Amber, RagRating.Amber),
            Action(4, RagRating.Amber, RagRating.NotStarted),
            Action(5, null, RagRating.Red),
        ], Meeting, Now);

        Assert.Equal([1], changes.RagUp.Select(a => a.Id));
        Assert.Equal([2, 5], changes.RagDown.Select(a => a.Id));
    }

    [Fact]
    public void An_action_completed_since_is_listed_as_completed_not_as_moved_up()
    {
        var changes = SinceLastMeeting.Compare(
        [
            Action(1, RagRating.Green, RagRating.Complete, ActionStatus.Completed, completed: new DateOnly(2026, 11, 2)),
            Action(2, RagRating.Complete, RagRating.Complete, ActionStatus.Completed, completed: new DateOnly(2026, 9, 1)),
        ], Meeting, Now);

        Assert.Equal([1], changes.Completed.Select(a => a.Id));
        Assert.Empty(changes.RagUp);
    }

    [Fact]
    public void Actions_created_after_the_meeting_are_added_and_nothing_else_but_future_dated_ones_are_not()
    {
        var changes = SinceLastMeeting.Compare(
        [
            Action(1, null, RagRating.Red, created: Meeting.AddMinutes(1), due: new DateOnly(2026, 11, 1)),
            Action(2, null, RagRating.Red, created: Meeting.AddMinutes(-1)),
            Action(3, null, RagRating.NotStarted, created: Now.AddDays(40)),
        ], Meeting, Now);

        Assert.Equal([1], changes.Added.Select(a => a.Id));
        Assert.Equal([2], changes.RagDown.Select(a => a.Id));
        Assert.DoesNotContain(changes.RagUp, a => a.Id == 3);
        Assert.Empty(changes.BecameOverdue);
    }

    [Fact]
    public void An_open_action_due_between_the_meeting_and_yesterday_became_overdue()
    {
        var changes = SinceLastMeeting.Compare(
        [
            Action(1, RagRating.Amber, RagRating.Amber, due: new DateOnly(2026, 10, 13)),
            Action(2, RagRating.Amber, RagRating.Amber, due: new DateOnly(2026, 10, 12)),
            Action(3, RagRating.Amber, RagRating.Amber, due: Today),
            Action(4, RagRating.Amber, RagRating.Amber, due: Today.AddDays(-1)),
            Action(5, RagRating.Amber, RagRating.Amber, ActionStatus.Cancelled, due: Today.AddDays(-1)),
        ], Meeting, Now);

        Assert.Equal([1, 4], changes.BecameOverdue.Select(a => a.Id));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 30)]
    [InlineData(30, 30)]
    [InlineData(31, 60)]
    [InlineData(90, 90)]
    public void A_milestone_falls_in_the_nearest_horizon(int days, int horizon) =>
        Assert.Equal(horizon, MilestoneHorizon.For(Today.AddDays(days), Today));

    [Fact]
    public void A_milestone_beyond_ninety_days_is_in_no_horizon() =>
        Assert.Null(MilestoneHorizon.For(Today.AddDays(91), Today));
}
