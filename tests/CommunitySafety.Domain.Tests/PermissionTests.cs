using CommunitySafety.Domain;

namespace CommunitySafety.Domain.Tests;

public class PermissionTests
{
    private static Actor Lead(int personId, bool cleared = false) =>
        new("u1", "Lead", personId, 1, false, false, true, false, false, cleared);

    private static readonly Actor Coordinator = new("u2", "Coordinator", 9, 1, false, true, false, false, false, true);
    private static readonly Actor Scrutiny = new("u3", "Scrutiny", null, 1, false, false, false, false, true, false);

    [Fact]
    public void A_partner_lead_may_update_only_the_actions_they_lead()
    {
        var theirs = new Action { LeadPersonId = 5 };
        var someoneElses = new Action { LeadPersonId = 6 };

        Assert.True(Lead(5).CanUpdateAction(theirs, 1));
        Assert.False(Lead(5).CanUpdateAction(someoneElses, 1));
    }

    [Fact]
    public void A_partner_lead_of_another_partnership_may_not_update_an_action_with_the_same_lead_id()
    {
        Assert.False(Lead(5).CanUpdateAction(new Action { LeadPersonId = 5 }, partnershipId: 2));
    }

    [Fact]
    public void A_restricted_action_needs_clearance_even_for_its_lead()
    {
        var restricted = new Action { LeadPersonId = 5, IsRestricted = true };

        Assert.False(Lead(5).CanUpdateAction(restricted, 1));
        Assert.True(Lead(5, cleared: true).CanUpdateAction(restricted, 1));
    }

    [Fact]
    public void A_coordinator_edits_everything_in_their_own_partnership_only()
    {
        Assert.True(Coordinator.CanUpdateAction(new Action { LeadPersonId = 77 }, 1));
        Assert.False(Coordinator.CanUpdateAction(new Action { LeadPersonId = 77 }, 2));
        Assert.False(Coordinator.CanEditStrategy(2));
    }

    [Fact]
    public void A_scrutiny_member_reads_reports_but_not_the_action_plan()
    {
        Assert.False(Scrutiny.CanReadActionPlan);
        Assert.False(Scrutiny.CanUpdateAction(new Action(), 1));
        Assert.True(Scrutiny.CanSeePartnership(1));
        Assert.False(Scrutiny.CanSeePartnership(2));
    }

    [Fact]
    public void A_partner_lead_updates_the_milestones_they_own()
    {
        Assert.True(Lead(5).CanUpdateMilestone(new Milestone { PartnershipId = 1, OwnerId = 5 }));
        Assert.False(Lead(5).CanUpdateMilestone(new Milestone { PartnershipId = 1, OwnerId = 6 }));
    }
}
