namespace CommunitySafety.Domain.Tests;

public class UpdateRoundRulesTests
{
    private const int Lead = 1, Deputy = 2, Uncleared = 3, NoEmail = 4, Coordinator = 5, Chair = 6;

    private static readonly Dictionary<int, RoundPerson> People = new()
    {
        [Lead] = new(Lead, "Marc Tarbit", "marc.tarbit@safermk.example", IsCleared: true),
        [Deputy] = new(Deputy, "Hannah Doyle", "hannah.doyle@safermk.example", IsCleared: false),
        [Uncleared] = new(Uncleared, "Carl Wilderspin", "carl@safermk.example", IsCleared: false),
        [NoEmail] = new(NoEmail, "Gill Sandmann", " ", IsCleared: true),
    };

    private static Action Act(int id, int? lead, int? deputy = null, bool restricted = false) =>
        new() { Id = id, Reference = $"VC-0{id}", LeadPersonId = lead, DeputyPersonId = deputy, IsRestricted = restricted, Status = ActionStatus.InProgress };

    private static DateTime Utc(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    [Fact]
    public void Each_owner_is_asked_once_for_all_their_actions_with_the_deputy_too_and_those_who_cannot_be_reached_named()
    {
        var audience = UpdateRoundRules.WhoIsAsked(
            [Act(1, Lead), Act(2, Lead, Deputy), Act(3, Uncleared, restricted: true), Act(4, NoEmail), Act(5, null), Act(6, Lead, Lead)],
            People.GetValueOrDefault);

        Assert.Equal([Lead, Deputy], audience.ActionsByOwner.Keys.Order());
        Assert.Equal([1, 2, 6], audience.ActionsByOwner[Lead]);
        Assert.Equal([2], audience.ActionsByOwner[Deputy]);
        Assert.Equal(
            [new CannotAsk(3, Uncleared, CannotAskReason.NotCleared), new CannotAsk(4, NoEmail, CannotAskReason.NoEmail), new CannotAsk(5, null, CannotAskReason.NoOwner)],
            audience.CannotAsk);
        Assert.Equal([3, 4, 5], audience.Unasked([1, 2, 3, 4, 5, 6]));
    }

    [Fact]
    public void A_restricted_action_goes_to_a_cleared_owner_and_only_a_lead_or_deputy_cleared_now_may_answer_for_it()
    {
        var restricted = Act(7, Lead, Deputy, restricted: true);
        var audience = UpdateRoundRules.WhoIsAsked([restricted], People.GetValueOrDefault);
        Assert.Equal([7], audience.ActionsByOwner[Lead]);
        Assert.False(audience.ActionsByOwner.ContainsKey(Deputy));
        Assert.Contains(new CannotAsk(7, Deputy, CannotAskReason.NotCleared), audience.CannotAsk);

        Assert.True(UpdateRoundRules.MayAnswer(restricted, Lead, clearedNow: true));
        Assert.False(UpdateRoundRules.MayAnswer(restricted, Lead, clearedNow: false));
        Assert.False(UpdateRoundRules.MayAnswer(restricted, Uncleared, clearedNow: true));
        Assert.True(UpdateRoundRules.MayAnswer(Act(8, Lead, Deputy), Deputy, clearedNow: false));
    }

    [Fact]
    public void The_deadline_is_seven_London_days_before_the_meeting_even_when_the_meeting_starts_on_another_UTC_date()
    {
        // 10:00 on Tuesday 8 December (GMT): a week before is Tuesday 1 December.
        Assert.Equal(new DateOnly(2026, 12, 1), UpdateRoundRules.DefaultDeadline(Utc(2026, 12, 8, 10, 0)));
        // 00:30 BST on Sunday 25 October is 23:30 UTC on the 24th: the meeting's day is the 25th, so the deadline the 18th.
        Assert.Equal(new DateOnly(2026, 10, 25), UpdateRoundRules.MeetingDay(Utc(2026, 10, 24, 23, 30)));
        Assert.Equal(new DateOnly(2026, 10, 18), UpdateRoundRules.DefaultDeadline(Utc(2026, 10, 24, 23, 30)));
    }

    [Fact]
    public void A_round_with_no_actions_a_deadline_on_or_after_the_meeting_day_or_in_the_past_or_a_meeting_begun_is_refused()
    {
        var now = Utc(2026, 11, 24, 9, 0);
        var meeting = Utc(2026, 12, 8, 10, 0);
        Assert.Empty(UpdateRoundRules.Problems(new DateOnly(2026, 12, 1), meeting, now, 12));
        Assert.Empty(UpdateRoundRules.Problems(new DateOnly(2026, 12, 7), meeting, now, 1));
        Assert.Contains("before the meeting on Tuesday 8 December 2026", Assert.Single(UpdateRoundRules.Problems(new DateOnly(2026, 12, 8), meeting, now, 1)));
        Assert.Contains("before the meeting", Assert.Single(UpdateRoundRules.Problems(new DateOnly(2026, 12, 9), meeting, now, 1)));
        Assert.Contains("past", Assert.Single(UpdateRoundRules.Problems(new DateOnly(2026, 11, 23), meeting, now, 1)));
        Assert.Contains("at least one action", Assert.Single(UpdateRoundRules.Problems(new DateOnly(2026, 12, 1), meeting, now, 0)));
        Assert.Contains("already started", UpdateRoundRules.Problems(new DateOnly(2026, 12, 1), now.AddMinutes(-1), now, 1)[0]);
    }

    [Fact]
    public void The_round_closes_at_the_instant_the_meeting_starts_or_when_a_coordinator_closes_it()
    {
        var meeting = Utc(2026, 12, 8, 10, 0);
        var round = new UpdateRound();
        Assert.False(round.IsClosedAt(meeting.AddSeconds(-1), meeting));
        Assert.True(round.IsClosedAt(meeting, meeting));
        round.ClosedAt = Utc(2026, 12, 2, 9, 0);
        Assert.True(round.IsClosedAt(Utc(2026, 12, 2, 9, 0), meeting));
    }

    /// <summary>Every occasion each person would be sent, day by day, as the ledger lets each through once.</summary>
    private static List<(DateOnly Day, ReminderDue Due)> Run(UpdateRound round, DateTime meeting, DateOnly from, DateOnly to, Func<DateOnly, int[]> notAnswered)
    {
        var seen = new HashSet<(int, string)>();
        var sent = new List<(DateOnly, ReminderDue)>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            // The scan runs at 07:00 London time.
            var now = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(7, 0)), PartnershipClock.London);
            foreach (var due in UpdateRoundRules.RemindersDue(round, meeting, day, now, notAnswered(day), [Coordinator, Chair]))
            {
                if (seen.Add((due.RecipientPersonId, due.Occasion))) sent.Add((day, due));
            }
        }

        return sent;
    }

    [Fact]
    public void Owners_who_have_not_answered_are_chased_3_days_before_and_on_the_deadline_and_then_the_coordinator_and_chair_are_told_across_the_clock_change()
    {
        // The meeting is on Monday 2 November 2026; the clocks go back on Sunday 25 October, inside the round.
        var meeting = Utc(2026, 11, 2, 10, 0);
        var round = new UpdateRound { Id = 9, PartnershipId = 1, Deadline = UpdateRoundRules.DefaultDeadline(meeting), OpenedAt = Utc(2026, 10, 19, 8, 0) };
        Assert.Equal(new DateOnly(2026, 10, 26), round.Deadline);

        // Lead answers on the 24th; Deputy never does.
        var sent = Run(round, meeting, new DateOnly(2026, 10, 19), new DateOnly(2026, 11, 3),
            day => day < new DateOnly(2026, 10, 24) ? [Lead, Deputy] : [Deputy]);

        Assert.Equal(
            [
                (new DateOnly(2026, 10, 23), Lead, ReminderKind.RoundChaser),
                (new DateOnly(2026, 10, 23), Deputy, ReminderKind.RoundChaser),
                (new DateOnly(2026, 10, 26), Deputy, ReminderKind.RoundChaser),
                (new DateOnly(2026, 10, 27), Coordinator, ReminderKind.RoundNotAnswered),
                (new DateOnly(2026, 10, 27), Chair, ReminderKind.RoundNotAnswered),
            ],
            sent.Select(s => (s.Day, s.Due.RecipientPersonId, s.Due.Kind)).ToList());
        Assert.All(sent, s => Assert.Equal((ReminderItemType.UpdateRound, 9), (s.Due.ItemType, s.Due.ItemId)));
    }

    [Fact]
    public void An_extended_deadline_brings_new_chasers_on_the_new_dates_and_a_closed_round_chases_nobody()
    {
        var meeting = Utc(2026, 12, 8, 10, 0);
        var round = new UpdateRound { Id = 3, Deadline = new DateOnly(2026, 12, 1), OpenedAt = Utc(2026, 11, 24, 9, 0) };
        var before = Run(round, meeting, new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 28), _ => [Lead]);
        Assert.Equal([new DateOnly(2026, 11, 28)], before.Select(s => s.Day));

        round.Deadline = new DateOnly(2026, 12, 4);
        var after = Run(round, meeting, new DateOnly(2026, 11, 29), new DateOnly(2026, 12, 7), _ => [Lead]);
        Assert.Equal(
            [(new DateOnly(2026, 12, 1), "round-chase-2026-12-04-early"), (new DateOnly(2026, 12, 4), "round-chase-2026-12-04-deadline"), (new DateOnly(2026, 12, 5), "round-not-answered-2026-12-04")],
            after.Where(s => s.Due.RecipientPersonId is Lead or Coordinator).Select(s => (s.Day, s.Due.Occasion)).ToList());

        round.ClosedAt = Utc(2026, 12, 2, 12, 0);
        Assert.Empty(Run(round, meeting, new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 7), _ => [Lead]));
    }

    [Fact]
    public void A_round_opened_on_a_chaser_day_does_not_chase_that_day_and_nobody_is_told_when_everyone_has_answered()
    {
        var meeting = Utc(2026, 12, 8, 10, 0);
        var round = new UpdateRound { Id = 4, Deadline = new DateOnly(2026, 12, 1), OpenedAt = Utc(2026, 11, 28, 9, 0) };
        var sent = Run(round, meeting, new DateOnly(2026, 11, 28), new DateOnly(2026, 12, 7), day => day < new DateOnly(2026, 12, 1) ? [Lead] : []);
        Assert.Empty(sent);
    }

    [Fact]
    public void Completeness_counts_actions_updated_since_the_round_opened_and_rounds_half_up()
    {
        var opened = Utc(2026, 11, 24, 9, 0);
        var updates = Enumerable.Repeat<DateTime?>(opened.AddHours(1), 21).Concat([opened.AddSeconds(-1), null, opened.AddDays(-30)]).ToList();
        var figure = UpdateRoundRules.Completeness(updates, opened);
        Assert.Equal((21, 24, 88), (figure.Updated, figure.Total, figure.Percent));
        Assert.Equal("Updated for this meeting: 21 of 24 actions (88%)", figure.Text);
        Assert.Equal("Updated for this meeting: 0 of 0 actions (0%)", UpdateRoundRules.Completeness([], opened).Text);
        Assert.Equal("Updated for this meeting: 1 of 1 action (100%)", UpdateRoundRules.Completeness([opened], opened).Text);
    }
}
