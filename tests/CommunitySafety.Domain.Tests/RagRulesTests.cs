using CommunitySafety.Domain;
using Microsoft.Extensions.Time.Testing;

namespace CommunitySafety.Domain.Tests;

/// <summary>The RAG rules, with explicit London dates and the default thresholds (stale after 42 days, Amber 15 and Red 35 points behind).</summary>
public class RagRulesTests
{
    private static readonly PartnershipSettings Settings = new();
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static RagFacts Facts(
        ActionStatus status = ActionStatus.InProgress, int progress = 50, DateOnly? start = null, DateOnly? due = null,
        DateOnly? lastUpdated = null, params DateOnly[] openMilestones) =>
        new(status, progress, start, due, lastUpdated ?? Today.AddDays(-7), openMilestones);

    private static RagRating Suggest(RagFacts facts, DateOnly? today = null) => RagRules.Suggest(facts, today ?? Today, Settings).Rating;

    [Fact]
    public void On_schedule_and_recently_updated_is_green() =>
        Assert.Equal(RagRating.Green, Suggest(Facts(progress: 50, start: Today.AddDays(-50), due: Today.AddDays(49))));

    [Fact]
    public void Due_today_is_not_overdue_and_is_judged_on_progress()
    {
        Assert.Equal(RagRating.Green, Suggest(Facts(progress: 90, start: Today.AddDays(-99), due: Today)));
        Assert.Equal(RagRating.Amber, Suggest(Facts(progress: 80, start: Today.AddDays(-99), due: Today)));
        Assert.Equal(RagRating.Red, Suggest(Facts(progress: 50, start: Today.AddDays(-99), due: Today)));
    }

    [Fact]
    public void The_day_after_the_due_date_is_red() =>
        Assert.Equal(RagRating.Red, Suggest(Facts(progress: 90, start: Today.AddDays(-100), due: Today.AddDays(-1))));

    [Fact]
    public void No_due_date_is_judged_only_on_milestones_and_staleness()
    {
        Assert.Equal(RagRating.Green, Suggest(Facts(progress: 0, start: Today.AddDays(-300))));
        Assert.Equal(RagRating.Amber, Suggest(Facts(progress: 0, start: Today.AddDays(-300), lastUpdated: Today.AddDays(-43))));
        Assert.Equal(RagRating.Amber, Suggest(Facts(progress: 0, openMilestones: Today.AddDays(-3))));
    }

    [Theory]
    [InlineData(ActionStatus.Completed, RagRating.Complete)]
    [InlineData(ActionStatus.Cancelled, RagRating.NotStarted)]
    [InlineData(ActionStatus.Deferred, RagRating.Amber)]
    public void Closed_and_paused_actions_are_rated_by_their_status_even_when_late(ActionStatus status, RagRating expected) =>
        Assert.Equal(expected, Suggest(Facts(status, progress: 40, start: Today.AddDays(-200), due: Today.AddDays(-60), lastUpdated: Today.AddDays(-90), openMilestones: Today.AddDays(-70))));

    [Fact]
    public void Completed_late_is_still_complete()
    {
        var suggestion = RagRules.Suggest(Facts(ActionStatus.Completed, 100, Today.AddDays(-100), Today.AddDays(-30)), Today, Settings);
        Assert.Equal(RagRating.Complete, suggestion.Rating);
    }

    [Fact]
    public void Start_in_the_future_and_not_started_is_not_started() =>
        Assert.Equal(RagRating.NotStarted, Suggest(Facts(ActionStatus.NotStarted, 0, Today.AddDays(10), Today.AddDays(100), lastUpdated: Today.AddDays(-200))));

    [Fact]
    public void Not_started_when_it_should_have_started_is_amber_or_worse()
    {
        Assert.Equal(RagRating.Amber, Suggest(Facts(ActionStatus.NotStarted, 0, Today.AddDays(-5), Today.AddDays(200))));
        Assert.Equal(RagRating.Red, Suggest(Facts(ActionStatus.NotStarted, 0, Today.AddDays(-60), Today.AddDays(40))));
    }

    [Fact]
    public void Started_early_with_a_future_start_date_is_green() =>
        Assert.Equal(RagRating.Green, Suggest(Facts(ActionStatus.InProgress, 10, Today.AddDays(10), Today.AddDays(100))));

    [Fact]
    public void Progress_100_but_not_marked_complete_is_green_until_due_then_amber_with_a_prompt()
    {
        var before = RagRules.Suggest(Facts(progress: 100, start: Today.AddDays(-50), due: Today.AddDays(10)), Today, Settings);
        Assert.Equal(RagRating.Green, before.Rating);
        Assert.Contains(before.Reasons, r => r.Contains("mark it completed", StringComparison.Ordinal));
        Assert.Equal(RagRating.Amber, Suggest(Facts(progress: 100, start: Today.AddDays(-50), due: Today.AddDays(-10))));
    }

    [Fact]
    public void Overdue_milestones_turn_amber_then_red_after_the_escalation_days()
    {
        Assert.Equal(RagRating.Amber, Suggest(Facts(progress: 50, start: Today.AddDays(-50), due: Today.AddDays(50), openMilestones: Today.AddDays(-Settings.OverdueEscalationDays))));
        Assert.Equal(RagRating.Red, Suggest(Facts(progress: 50, start: Today.AddDays(-50), due: Today.AddDays(50), openMilestones: Today.AddDays(-Settings.OverdueEscalationDays - 1))));
    }

    [Fact]
    public void Stale_after_the_partnerships_number_of_days_and_never_updated_is_stale()
    {
        Assert.Equal(RagRating.Green, Suggest(Facts(start: Today.AddDays(-50), due: Today.AddDays(49), lastUpdated: Today.AddDays(-42))));
        Assert.Equal(RagRating.Amber, Suggest(Facts(start: Today.AddDays(-50), due: Today.AddDays(49), lastUpdated: Today.AddDays(-43))));
        var never = new RagFacts(ActionStatus.InProgress, 50, Today.AddDays(-50), Today.AddDays(49), null, []);
        Assert.Equal(RagRating.Amber, Suggest(never));
    }

    [Fact]
    public void Thresholds_come_from_the_partnerships_settings()
    {
        var facts = Facts(progress: 30, start: Today.AddDays(-50), due: Today.AddDays(49));
        Assert.Equal(RagRating.Amber, Suggest(facts));
        Assert.Equal(RagRating.Green, RagRules.Suggest(facts, Today, new PartnershipSettings { AmberBehindSchedulePoints = 25, RedBehindSchedulePoints = 40 }).Rating);
        Assert.Equal(RagRating.Red, RagRules.Suggest(facts, Today, new PartnershipSettings { AmberBehindSchedulePoints = 5, RedBehindSchedulePoints = 10 }).Rating);
    }

    [Fact]
    public void A_due_date_on_the_spring_clock_change_is_overdue_from_the_first_london_midnight_after_it()
    {
        // Clocks go forward at 01:00 GMT on 29 March 2026: London midnight after it is 23:00 UTC.
        var facts = Facts(progress: 95, start: new DateOnly(2026, 1, 1), due: new DateOnly(2026, 3, 29), lastUpdated: new DateOnly(2026, 3, 20));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 29, 22, 59, 0, TimeSpan.Zero));
        Assert.Equal(RagRating.Green, Suggest(facts, clock.Today()));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new DateOnly(2026, 3, 30), clock.Today());
        Assert.Equal(RagRating.Red, Suggest(facts, clock.Today()));
    }

    [Fact]
    public void An_update_just_after_london_midnight_on_the_autumn_clock_change_counts_from_the_london_date()
    {
        // 23:30 UTC on 24 October 2026 is 00:30 BST on 25 October, the day the clocks go back.
        var action = new Action
        {
            Status = ActionStatus.InProgress, ProgressPercent = 50, StartDate = new DateOnly(2026, 9, 1), DueDate = new DateOnly(2027, 6, 30),
            LastUpdatedAt = new DateTime(2026, 10, 24, 23, 30, 0, DateTimeKind.Utc),
        };
        Assert.Equal(new DateOnly(2026, 10, 25), RagFacts.Of(action).LastUpdatedOn);
        var lastFreshDay = new DateOnly(2026, 10, 25).AddDays(Settings.StaleAfterDays);
        Assert.Equal(RagRating.Green, RagRules.Suggest(action, lastFreshDay, Settings).Rating);
        Assert.Equal(RagRating.Amber, RagRules.Suggest(action, lastFreshDay.AddDays(1), Settings).Rating);
    }

    [Fact]
    public void Expected_progress_runs_from_zero_before_the_start_to_100_on_the_due_date()
    {
        var start = new DateOnly(2026, 1, 1);
        var due = new DateOnly(2026, 1, 10);
        Assert.Equal(0, RagRules.ExpectedProgress(start, due, start.AddDays(-1)));
        Assert.Equal(10, RagRules.ExpectedProgress(start, due, start));
        Assert.Equal(100, RagRules.ExpectedProgress(start, due, due));
        Assert.Equal(100, RagRules.ExpectedProgress(start, due, due.AddDays(5)));
    }

    [Fact]
    public void An_update_resets_staleness_and_uses_the_new_progress()
    {
        var stale = Facts(progress: 10, start: Today.AddDays(-50), due: Today.AddDays(49), lastUpdated: Today.AddDays(-100));
        Assert.Equal(RagRating.Red, Suggest(stale));
        Assert.Equal(RagRating.Green, Suggest(stale.AfterUpdate(ActionStatus.InProgress, 50, Today)));
        Assert.Equal(RagRating.Complete, Suggest(stale.AfterUpdate(ActionStatus.Completed, 100, Today)));
    }
}
