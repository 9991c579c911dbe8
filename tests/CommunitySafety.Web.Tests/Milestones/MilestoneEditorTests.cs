using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Milestones;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Milestones;

/// <summary>The server-side rules for changing a milestone, on a real SQLite file.</summary>
public class MilestoneEditorTests(TestApp app) : IClassFixture<TestApp>
{
    private const string PoliceLead = "lead.police@safermk.example";
    private const string Coordinator = "coordinator@safermk.example";

    private async Task<SaveResult> SaveAsync(string email, MilestoneForm form, string slug = "safermk")
    {
        await using var scope = app.Services.CreateAsyncScope();
        var editor = scope.ServiceProvider.GetRequiredService<MilestoneEditor>();
        return await editor.SaveAsync(await app.PartnershipIdAsync(slug), form, await app.ActorAsync(email));
    }

    private Task<Milestone> MilestoneAsync(string title) => app.WithDbAsync(db => db.Milestones.AsNoTracking()
        .Where(m => m.Partnership!.Slug == "safermk" && m.Title == title).OrderBy(m => m.DueDate).FirstAsync());

    private Task<Milestone> ReloadAsync(int id) => app.WithDbAsync(db => db.Milestones.AsNoTracking().SingleAsync(m => m.Id == id));

    /// <summary>The police lead owns no milestone in the samples; give them one for the owner's rules.</summary>
    private async Task<Milestone> GiveToPoliceLeadAsync(string title)
    {
        var personId = (await app.ActorAsync(PoliceLead)).PersonId;
        var milestone = await MilestoneAsync(title);
        await app.WithDbAsync(db => db.Milestones.Where(m => m.Id == milestone.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.OwnerId, personId)));
        return await ReloadAsync(milestone.Id);
    }

    [Fact]
    public async Task A_partner_lead_cannot_save_a_milestone_they_do_not_own_and_nothing_is_written()
    {
        var other = await MilestoneAsync("Alcohol PSPO renewal");
        var form = MilestoneForm.From(other);
        form.CompletedOn = new DateTime(2026, 11, 20);

        var result = await SaveAsync(PoliceLead, form);

        Assert.Equal(SaveOutcome.Forbidden, result.Outcome);
        var after = await ReloadAsync(other.Id);
        Assert.Null(after.CompletedOn);
        Assert.Equal(other.Version, after.Version);
    }

    [Fact]
    public async Task The_owner_records_completion_but_cannot_move_the_due_date()
    {
        var own = await GiveToPoliceLeadAsync("Serpentine Court: on-site works start");

        var moved = MilestoneForm.From(own);
        moved.DueDate = moved.DueDate!.Value.AddMonths(2);
        var refused = await SaveAsync(PoliceLead, moved);

        Assert.Equal(SaveOutcome.Forbidden, refused.Outcome);
        Assert.Equal(own.DueDate, (await ReloadAsync(own.Id)).DueDate);

        var done = MilestoneForm.From(own);
        done.CompletedOn = new DateTime(2026, 11, 23);
        var saved = await SaveAsync(PoliceLead, done);

        Assert.Equal(SaveOutcome.Saved, saved.Outcome);
        var after = await ReloadAsync(own.Id);
        Assert.Equal(new DateOnly(2026, 11, 23), after.CompletedOn);
        Assert.Equal(own.DueDate, after.DueDate);
    }

    [Fact]
    public async Task The_owner_records_completion_of_a_milestone_on_an_action_they_cannot_see()
    {
        var own = await GiveToPoliceLeadAsync("Knife Crime Task and Finish Group: allocate the remaining funding");
        await app.WithDbAsync(db => db.Actions.Where(a => a.Id == own.ActionId).ExecuteUpdateAsync(s => s.SetProperty(a => a.IsRestricted, true)));
        var form = MilestoneForm.From(own);
        form.CompletedOn = new DateTime(2026, 11, 24);

        var result = await SaveAsync(PoliceLead, form);

        Assert.Equal(SaveOutcome.Saved, result.Outcome);
        var after = await ReloadAsync(own.Id);
        Assert.Equal(new DateOnly(2026, 11, 24), after.CompletedOn);
        Assert.Equal(own.ActionId, after.ActionId);
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_a_message_per_field_and_nothing_is_written()
    {
        var milestone = await MilestoneAsync("Annual crime and disorder scrutiny meeting");
        var form = MilestoneForm.From(milestone);
        form.Title = "";
        form.DueDate = null;
        form.CompletedOn = TestApp.Now.UtcDateTime.Date.AddDays(3);
        form.ReminderLeadDays = "a month before";

        var result = await SaveAsync(Coordinator, form);

        Assert.Equal(SaveOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(MilestoneForm.Title));
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(MilestoneForm.DueDate));
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(MilestoneForm.CompletedOn) && e.ErrorMessage.Contains("future"));
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(MilestoneForm.ReminderLeadDays));
        var after = await ReloadAsync(milestone.Id);
        Assert.Equal(milestone.Version, after.Version);
        Assert.Equal(milestone.Title, after.Title);
    }

    [Fact]
    public async Task Lead_days_in_the_partnerships_pattern_are_accepted_and_tidied()
    {
        var milestone = await MilestoneAsync("Final draft signed off by Risk Board");
        var form = MilestoneForm.From(milestone);
        form.ReminderLeadDays = "56, 28 ,7,0";

        var result = await SaveAsync(Coordinator, form);

        Assert.Equal(SaveOutcome.Saved, result.Outcome);
        Assert.Equal("56,28,7,0", (await ReloadAsync(milestone.Id)).ReminderLeadDays);
    }

    [Fact]
    public async Task A_board_of_another_partnership_is_refused()
    {
        var milestone = await MilestoneAsync("Final draft agreed by MK Together Management Board");
        var meltonBoard = await app.WithDbAsync(db => db.Boards.Where(b => b.Partnership!.Slug == "melton").Select(b => b.Id).FirstAsync());
        var form = MilestoneForm.From(milestone);
        form.SignOffBoardId = meltonBoard;

        var result = await SaveAsync(Coordinator, form);

        Assert.Equal(SaveOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(MilestoneForm.SignOffBoardId));
        Assert.Equal(milestone.SignOffBoardId, (await ReloadAsync(milestone.Id)).SignOffBoardId);
    }

    [Fact]
    public async Task A_restricted_milestone_cannot_be_reached_by_someone_not_cleared_even_when_they_own_it()
    {
        var restricted = await app.WithDbAsync(db => db.Milestones.AsNoTracking().FirstAsync(m => m.IsRestricted && m.Partnership!.Slug == "safermk"));
        var personId = (await app.ActorAsync(PoliceLead)).PersonId;
        await app.WithDbAsync(db => db.Milestones.Where(m => m.Id == restricted.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.OwnerId, personId)));
        var form = MilestoneForm.From(await ReloadAsync(restricted.Id));
        form.CompletedOn = new DateTime(2026, 11, 20);

        var result = await SaveAsync(PoliceLead, form);

        Assert.Equal(SaveOutcome.NotFound, result.Outcome);
        Assert.Null((await ReloadAsync(restricted.Id)).CompletedOn);
    }

    [Fact]
    public async Task Only_a_coordinator_adds_a_milestone()
    {
        var form = new MilestoneForm { Title = "Serious Violence Duty strategy published", Kind = MilestoneKind.Statutory, DueDate = new DateTime(2027, 1, 31) };

        Assert.Equal(SaveOutcome.Forbidden, (await SaveAsync(PoliceLead, form)).Outcome);
        var saved = await SaveAsync(Coordinator, form);

        Assert.Equal(SaveOutcome.Saved, saved.Outcome);
        var created = await ReloadAsync(saved.Id!.Value);
        Assert.Equal(await app.PartnershipIdAsync("safermk"), created.PartnershipId);
        Assert.Equal(new DateOnly(2027, 1, 31), created.DueDate);
        Assert.Equal(1, await app.WithDbAsync(db => db.Milestones.CountAsync(m => m.Title == form.Title)));
    }

    [Fact]
    public async Task The_second_of_two_saves_from_the_same_version_is_a_conflict_and_the_first_is_kept()
    {
        var milestone = await MilestoneAsync("Strategy adopted by SaferMK");
        var first = MilestoneForm.From(milestone);
        var second = MilestoneForm.From(milestone);
        first.DueDate = new DateTime(2027, 3, 17);
        second.DueDate = new DateTime(2027, 3, 24);

        Assert.Equal(SaveOutcome.Saved, (await SaveAsync(Coordinator, first)).Outcome);
        var result = await SaveAsync(Coordinator, second);

        Assert.Equal(SaveOutcome.Conflict, result.Outcome);
        Assert.Equal(new DateOnly(2027, 3, 17), (await ReloadAsync(milestone.Id)).DueDate);
    }
}
