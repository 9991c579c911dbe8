using CommunitySafety.Domain;
using Microsoft.Extensions.Time.Testing;

namespace CommunitySafety.Domain.Tests;

public class ReminderRulesTests
{
    private static readonly PartnershipSettings Settings = new();
    private const int Owner = 1, Chair = 2, Lead = 3, BoardChair = 4;

    private static Milestone Milestone(DateOnly due, string? leadDays = null, bool restricted = false) => new()
    {
        Id = 10, PartnershipId = 1, Title = "Strategic assessment sign-off", DueDate = due, OwnerId = Owner,
        SignOffBoardId = 5, ReminderLeadDays = leadDays, IsRestricted = restricted,
    };

    private static Action OverdueAction(DateOnly due) => new()
    {
        Id = 20, Reference = "VC-03", DueDate = due, Status = ActionStatus.InProgress, LeadPersonId = Lead, BoardId = 6,
    };

    /// <summary>The reminders of one scan at 07:00 London time on the given UTC instant, as a FakeTimeProvider tells it.</summary>
    private static List<ReminderDue> ScanMilestone(Milestone m, DateTimeOffset utc, Func<int, MilestoneDigestTiming>? timing = null) =>
        ReminderRules.ForMilestone(m, Chair, Settings, new FakeTimeProvider(utc).Today(), _ => false, timing ?? (_ => MilestoneDigestTiming.Daily)).ToList();

    private static List<ReminderDue> ScanAction(Action a, DateOnly today) =>
        ReminderRules.ForAction(a, 1, BoardChair, Settings, today, _ => false).ToList();

    [Fact]
    public void Owner_is_reminded_28_14_7_1_and_0_days_before_and_the_chair_is_copied_on_the_last()
    {
        var due = new DateOnly(2027, 1, 29);
        var sent = new Dictionary<DateOnly, List<ReminderDue>>();
        for (var day = due.AddDays(-40); day <= due.AddDays(3); day = day.AddDays(1))
        {
            var found = ReminderRules.ForMilestone(Milestone(due), Chair, Settings, day, _ => false, _ => MilestoneDigestTiming.Daily).ToList();
            if (found.Count > 0) sent[day] = found;
        }

        // The scan runs daily; the ledger lets each occasion through once, so count distinct occasions by first day seen.
        var firstSeen = sent.SelectMany(kv => kv.Value.Select(r => (kv.Key, r)))
            .GroupBy(x => (x.r.RecipientPersonId, x.r.Occasion)).Select(g => g.First()).ToList();
        Assert.Equal(
            [due.AddDays(-28), due.AddDays(-14), due.AddDays(-7), due.AddDays(-1), due, due],
            firstSeen.Select(x => x.Key).ToList());
        var chair = Assert.Single(firstSeen, x => x.r.RecipientPersonId == Chair);
        Assert.Equal(due, chair.Key);
        Assert.Equal(ReminderKind.SignOffCopy, chair.r.Kind);
        Assert.Empty(ScanMilestone(Milestone(due), new DateTimeOffset(2027, 1, 30, 7, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_milestone_of_its_own_lead_days_overrides_the_partnership()
    {
        var due = new DateOnly(2027, 4, 17);
        Assert.Equal([56, 7], ReminderRules.LeadDaysFor(Milestone(due, "7, 56"), Settings));
        Assert.Equal(ReminderRules.DefaultLeadDays, ReminderRules.LeadDaysFor(Milestone(due, "soon"), Settings));
        Assert.Equal([3], ReminderRules.LeadDaysFor(Milestone(due), new PartnershipSettings { ReminderLeadDays = "3" }));
        var reminder = Assert.Single(ReminderRules.ForMilestone(Milestone(due, "56,7"), null, Settings, due.AddDays(-56), _ => false, _ => MilestoneDigestTiming.Daily));
        Assert.Equal("due-2027-04-17-lead-56", reminder.Occasion);
    }

    [Fact]
    public void Overdue_action_lead_is_told_on_the_first_day_then_weekly_and_the_board_chair_from_day_14()
    {
        var due = new DateOnly(2026, 11, 10);
        Assert.Empty(ScanAction(OverdueAction(due), due));
        var occasions = new List<(int Day, int Person, string Occasion)>();
        for (var day = 1; day <= 29; day++)
        {
            occasions.AddRange(ScanAction(OverdueAction(due), due.AddDays(day)).Select(r => (day, r.RecipientPersonId, r.Occasion)));
        }

        var firsts = occasions.GroupBy(o => (o.Person, o.Occasion)).Select(g => g.First()).ToList();
        Assert.Equal([1, 8, 15, 22, 29], firsts.Where(f => f.Person == Lead).Select(f => f.Day));
        Assert.Equal([14, 21, 28], firsts.Where(f => f.Person == BoardChair).Select(f => f.Day));
        Assert.All(firsts.Where(f => f.Person == BoardChair), f => Assert.StartsWith("escalated-", f.Occasion));
    }

    [Fact]
    public void Escalation_follows_the_partnership_setting_and_a_completed_action_is_never_chased()
    {
        var due = new DateOnly(2026, 11, 10);
        var settings = new PartnershipSettings { OverdueEscalationDays = 7 };
        Assert.Contains(ReminderRules.ForAction(OverdueAction(due), 1, BoardChair, settings, due.AddDays(7), _ => false), r => r.RecipientPersonId == BoardChair);
        var done = OverdueAction(due);
        done.Status = ActionStatus.Completed;
        Assert.Empty(ScanAction(done, due.AddDays(20)));
    }

    [Fact]
    public void Days_are_London_days_across_the_change_to_summer_time()
    {
        // Channel Duty statement due Saturday 17 April 2027; clocks go forward on 28 March 2027.
        var m = Milestone(new DateOnly(2027, 4, 17));
        // 23:30 UTC on 2 April is 00:30 BST on 3 April: the 14-day reminder is due in London, not yet in UTC.
        var reminder = Assert.Single(ScanMilestone(m, new DateTimeOffset(2027, 4, 2, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal("due-2027-04-17-lead-14", reminder.Occasion);
        // On 20 March (before the change) it is the 28-day reminder, at 07:00 GMT.
        Assert.Equal("due-2027-04-17-lead-28", Assert.Single(ScanMilestone(m, new DateTimeOffset(2027, 3, 20, 7, 0, 0, TimeSpan.Zero))).Occasion);
        // In winter 23:30 UTC is 23:30 in London: still the day before.
        var winter = Milestone(new DateOnly(2026, 12, 15));
        Assert.Equal("due-2026-12-15-lead-1", Assert.Single(ScanMilestone(winter, new DateTimeOffset(2026, 12, 14, 23, 30, 0, TimeSpan.Zero))).Occasion);
    }

    [Fact]
    public void Leap_day_counts_as_a_day_and_a_yearly_duty_due_on_it_next_falls_on_28_February()
    {
        var m = Milestone(new DateOnly(2028, 3, 1));
        Assert.Equal("due-2028-03-01-lead-1", Assert.Single(ScanMilestone(m, new DateTimeOffset(2028, 2, 29, 7, 0, 0, TimeSpan.Zero))).Occasion);
        Assert.Equal("due-2028-03-01-lead-28", Assert.Single(ScanMilestone(m, new DateTimeOffset(2028, 2, 2, 7, 0, 0, TimeSpan.Zero))).Occasion);

        var statement = MilestoneTemplates.Create(MilestoneTemplates.Find("channel-assurance-statement")!, 1, new DateOnly(2028, 2, 29), Owner, null);
        statement.CompletedOn = new DateOnly(2028, 2, 20);
        Assert.Equal(new DateOnly(2029, 2, 28), MilestoneTemplates.NextOccurrence(statement)!.DueDate);
    }

    [Fact]
    public void A_milestone_moved_after_a_reminder_went_is_reminded_for_its_new_date_only()
    {
        var m = Milestone(new DateOnly(2027, 1, 29));
        var first = Assert.Single(ReminderRules.ForMilestone(m, null, Settings, new DateOnly(2027, 1, 1), _ => false, _ => MilestoneDigestTiming.Daily));
        Assert.Equal("due-2027-01-29-lead-28", first.Occasion);

        m.DueDate = new DateOnly(2027, 3, 1); // put back a month: nothing is due until 28 days before the new date
        Assert.Empty(ReminderRules.ForMilestone(m, null, Settings, new DateOnly(2027, 1, 2), _ => false, _ => MilestoneDigestTiming.Daily));
        var again = Assert.Single(ReminderRules.ForMilestone(m, null, Settings, new DateOnly(2027, 2, 1), _ => false, _ => MilestoneDigestTiming.Daily));
        Assert.Equal("due-2027-03-01-lead-28", again.Occasion);

        m.DueDate = new DateOnly(2027, 1, 10); // brought forward: the reminder for the new date is a new occasion
        var sooner = Assert.Single(ReminderRules.ForMilestone(m, null, Settings, new DateOnly(2027, 1, 2), _ => false, _ => MilestoneDigestTiming.Daily));
        Assert.Equal("due-2027-01-10-lead-14", sooner.Occasion);
        Assert.NotEqual(first.Occasion, sooner.Occasion);
    }

    [Fact]
    public void Weekly_digest_people_hear_on_Mondays_of_everything_reached_by_Sunday()
    {
        var due = new DateOnly(2027, 1, 29); // a Friday
        var weekly = (int _) => MilestoneDigestTiming.WeeklyOnMonday;
        Assert.Empty(ReminderRules.ForMilestone(Milestone(due), null, Settings, due.AddDays(-1), _ => false, weekly));
        var monday = new DateOnly(2027, 1, 25);
        Assert.Equal("due-2027-01-29-lead-0", Assert.Single(ReminderRules.ForMilestone(Milestone(due), null, Settings, monday, _ => false, weekly)).Occasion);
    }

    [Fact]
    public void Restricted_items_reach_only_cleared_people()
    {
        var due = new DateOnly(2027, 1, 29);
        Assert.Empty(ReminderRules.ForMilestone(Milestone(due, restricted: true), Chair, Settings, due, _ => false, _ => MilestoneDigestTiming.Daily));
        var toCleared = ReminderRules.ForMilestone(Milestone(due, restricted: true), Chair, Settings, due, p => p == Chair, _ => MilestoneDigestTiming.Daily).ToList();
        Assert.Equal(Chair, Assert.Single(toCleared).RecipientPersonId);
    }

    [Fact]
    public void One_off_stages_do_not_recur_and_a_PSPO_lapses_three_years_on()
    {
        var dhr = MilestoneTemplates.Create(MilestoneTemplates.Find("dhr-stage")!, 1, new DateOnly(2027, 5, 1), Owner, null);
        dhr.CompletedOn = new DateOnly(2027, 5, 1);
        Assert.Null(MilestoneTemplates.NextOccurrence(dhr));
        var pspo = MilestoneTemplates.Create(MilestoneTemplates.Find("pspo-renewal")!, 1, new DateOnly(2026, 12, 10), Owner, null);
        Assert.Null(MilestoneTemplates.NextOccurrence(pspo)); // not yet completed
        pspo.CompletedOn = new DateOnly(2026, 12, 7);
        Assert.Equal(new DateOnly(2029, 12, 10), MilestoneTemplates.NextOccurrence(pspo)!.DueDate);
        Assert.All(new[] { "strategic-assessment-signoff", "channel-assurance-statement", "crime-disorder-scrutiny", "pspo-renewal", "dhr-stage", "plan-annual-refresh" },
            key => Assert.NotNull(MilestoneTemplates.Find(key)));
    }
}
