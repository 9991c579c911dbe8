using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Import;
using CommunitySafety.Web.Features.StatusUpdates;
using CommunitySafety.Web.Spreadsheets;

namespace CommunitySafety.Web.Tests.Import;

/// <summary>Lead organisations as councils write them, against the partner list: short names, initials, several partners, a near miss.</summary>
public class PartnerNameTests
{
    private static readonly List<PartnerOrganisation> Partners =
    [
        new() { Id = 1, Name = "Thames Valley Police", ShortName = "TVP" },
        new() { Id = 2, Name = "Milton Keynes Council", ShortName = "MKC" },
        new() { Id = 3, Name = "Thames Valley Violence Reduction Unit", ShortName = "TV VRU" },
        new() { Id = 4, Name = "Milton Keynes Youth Offending Team" },
    ];

    [Theory]
    [InlineData("TVP", 1)]
    [InlineData("Thames Valley Police", 1)]
    [InlineData("THAMES VALLEY POLICE.", 1)]
    [InlineData("T.V.P.", 1)]
    [InlineData("tvvru", 3)]
    [InlineData("MKC", 2)]
    public void A_partner_is_found_by_name_short_name_or_initials(string text, int id)
    {
        Assert.Equal(id, ImportPlanner.FindOrganisation(Partners, text).Found?.Id);
    }

    private static ImportPlan Plan(params string[] leads)
    {
        var strategy = new Strategy { Id = 1, Title = "Strategy", Status = StrategyStatus.Adopted, PeriodStart = new DateOnly(2026, 4, 1), PeriodEnd = new DateOnly(2027, 3, 31) };
        var target = new ImportTarget(new PartnershipSettings(), new DateOnly(2026, 11, 24), [strategy],
            [new Priority { Id = 1, StrategyId = 1, Code = "VC", Title = "Reducing serious violence", Order = 1 }], Partners, [], [], []);
        var headings = new Dictionary<ImportField, string> { [ImportField.LeadOrganisation] = "Lead" };
        var rows = leads.Select((lead, i) => new PlanRow { Row = i + 2, Title = $"Action {i}", Reference = $"N-{i}", Priority = "Reducing serious violence", LeadOrganisation = lead, Headings = headings }).ToList();
        return new ImportPlanner(new StatusUpdateFormValidator()).Plan("plan.xlsx", ["Plan"], "Plan", 0, [], rows, [], target, new ImportChoices(), Actor(), null);
    }

    private static Actor Actor() => new("u1", "Melanie Marshman", null, 1, false, true, false, false, false, true);

    [Fact]
    public void Several_partners_in_one_cell_take_the_first_named_as_the_lead_and_say_so()
    {
        var plan = Plan("MKC / TVP");

        Assert.Equal("Milton Keynes Council", plan.Actions.Single().LeadOrganisationName);
        Assert.Contains(plan.Problems, p => p.ToString() == "row 2, Lead: 'MKC / TVP' names more than one partner: Milton Keynes Council is taken as the lead.");
    }

    [Fact]
    public void A_name_that_is_not_a_partner_suggests_the_partner_it_may_be_and_can_be_created_instead()
    {
        var plan = Plan("YOT", "YOT");

        var question = Assert.Single(plan.Values);
        Assert.Equal([2, 3], question.Rows);
        Assert.Equal(new ValueChoice(ValueAction.MapTo, 4), question.Choice);
        Assert.Contains(plan.Problems, p => p.ToString() == "row 2, Lead: 'YOT' is not a partner — create it, or map it to Milton Keynes Youth Offending Team (also on row 3).");
        Assert.All(plan.Actions, a => Assert.Equal("Milton Keynes Youth Offending Team", a.LeadOrganisationName));
    }

    [Fact]
    public void A_name_with_no_likely_partner_is_created_as_a_new_partner_unless_the_coordinator_says_otherwise()
    {
        var plan = Plan("Redeeming our Communities");

        Assert.Equal(ValueAction.Create, Assert.Single(plan.Values).Choice.Action);
        Assert.Equal("Redeeming our Communities (new partner)", plan.Actions.Single().LeadOrganisationName);
    }

    [Fact]
    public void The_colours_of_the_export_are_read_back_as_the_ratings_they_stand_for()
    {
        foreach (var rating in Enum.GetValues<RagRating>())
        {
            Assert.Equal(rating, RagColours.Read(RagColours.Fill(rating)));
        }
    }
}
