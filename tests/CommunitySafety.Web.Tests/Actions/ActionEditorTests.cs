using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Actions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Actions;

/// <summary>The server-side rules for changing an action, on a real SQLite file.</summary>
public class ActionEditorTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<SaveResult> SaveAsync(string email, ActionForm form)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var editor = scope.ServiceProvider.GetRequiredService<ActionEditor>();
        return await editor.SaveAsync(await app.PartnershipIdAsync("safermk"), form, await app.ActorAsync(email));
    }

    private Task<Action> ActionLedByAsync(bool byPoliceLead) => app.WithDbAsync(async db =>
    {
        var leadId = await db.Users.Where(u => u.Email == "lead.police@safermk.example").Select(u => u.PersonId).SingleAsync();
        return await db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && (a.LeadPersonId == leadId) == byPoliceLead)
            .OrderBy(a => a.Id).FirstAsync();
    });

    private Task<Action> ReloadAsync(int id) => app.WithDbAsync(db => db.Actions.AsNoTracking().SingleAsync(a => a.Id == id));

    [Fact]
    public async Task A_partner_lead_cannot_save_an_action_led_by_someone_else_and_nothing_is_written()
    {
        var other = await ActionLedByAsync(byPoliceLead: false);
        var form = ActionForm.From(other);
        form.DueDate = new DateTime(2027, 2, 26);
        form.Title = "Forged title";

        var result = await SaveAsync("lead.police@safermk.example", form);

        Assert.Equal(SaveOutcome.Forbidden, result.Outcome);
        var after = await ReloadAsync(other.Id);
        Assert.Equal(other.DueDate, after.DueDate);
        Assert.Equal(other.Title, after.Title);
        Assert.Equal(other.Version, after.Version);
    }

    [Fact]
    public async Task A_partner_lead_changes_the_due_date_of_their_own_action()
    {
        var own = await ActionLedByAsync(byPoliceLead: true);
        var form = ActionForm.From(own);
        form.DueDate = new DateTime(2027, 3, own.DueDate?.Day == 30 ? 29 : 30);

        var result = await SaveAsync("lead.police@safermk.example", form);

        Assert.Equal(SaveOutcome.Saved, result.Outcome);
        Assert.Equal(DateOnly.FromDateTime(form.DueDate.Value), (await ReloadAsync(own.Id)).DueDate);
    }

    [Fact]
    public async Task A_partner_lead_cannot_retitle_their_action_even_with_a_forged_form()
    {
        var own = await ActionLedByAsync(byPoliceLead: true);
        var form = ActionForm.From(own);
        form.Title = own.Title + " (forged)";
        form.Description = "Forged description.";

        var result = await SaveAsync("lead.police@safermk.example", form);

        Assert.Equal(SaveOutcome.Forbidden, result.Outcome);
        var after = await ReloadAsync(own.Id);
        Assert.Equal(own.Title, after.Title);
        Assert.Equal(own.Description, after.Description);
    }

    /// <summary>
    /// Status, RAG and progress are written only by a status update, with its commentary and, for a rating other than
    /// the suggestion, its reason. The edit path has no way to carry them: whatever a page sends, it cannot set them.
    /// </summary>
    [Fact]
    public void The_edit_form_cannot_carry_status_rag_progress_or_completion()
    {
        var writable = typeof(ActionForm).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToList();

        Assert.DoesNotContain(nameof(Action.Status), writable);
        Assert.DoesNotContain(nameof(Action.Rag), writable);
        Assert.DoesNotContain(nameof(Action.ProgressPercent), writable);
        Assert.DoesNotContain(nameof(Action.CompletedOn), writable);
    }

    [Theory]
    [InlineData("coordinator@safermk.example")]
    [InlineData("lead.police@safermk.example")]
    public async Task An_edit_leaves_status_rag_progress_and_the_last_update_as_the_last_status_update_left_them(string email)
    {
        var action = await ActionLedByAsync(byPoliceLead: true);
        var updatesBefore = await app.WithDbAsync(db => db.StatusUpdates.CountAsync(u => u.ActionId == action.Id));
        var form = ActionForm.From(action);
        form.StartDate = (form.StartDate ?? new DateTime(2026, 4, 1)).AddDays(email.StartsWith("lead", StringComparison.Ordinal) ? 1 : 2);

        var result = await SaveAsync(email, form);

        Assert.Equal(SaveOutcome.Saved, result.Outcome);
        var after = await ReloadAsync(action.Id);
        Assert.Equal(DateOnly.FromDateTime(form.StartDate.Value), after.StartDate);
        Assert.Equal((action.Status, action.Rag, action.ProgressPercent, action.CompletedOn, action.LastUpdatedAt),
            (after.Status, after.Rag, after.ProgressPercent, after.CompletedOn, after.LastUpdatedAt));
        Assert.Equal(updatesBefore, await app.WithDbAsync(db => db.StatusUpdates.CountAsync(u => u.ActionId == action.Id)));
    }

    [Fact]
    public async Task A_partner_lead_cannot_hand_their_action_to_someone_else()
    {
        var own = await ActionLedByAsync(byPoliceLead: true);
        var form = ActionForm.From(own);
        form.LeadPersonId = (await ActionLedByAsync(byPoliceLead: false)).LeadPersonId;

        var result = await SaveAsync("lead.police@safermk.example", form);

        Assert.Equal(SaveOutcome.Forbidden, result.Outcome);
        Assert.Equal(own.LeadPersonId, (await ReloadAsync(own.Id)).LeadPersonId);
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_a_message_per_field_and_nothing_is_written()
    {
        var action = await ActionLedByAsync(byPoliceLead: false);
        var form = ActionForm.From(action);
        form.Title = "";
        form.Reference = "VC 03!";
        form.StartDate = new DateTime(2026, 12, 1);
        form.DueDate = new DateTime(2026, 11, 1);

        var result = await SaveAsync("coordinator@safermk.example", form);

        Assert.Equal(SaveOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(ActionForm.Title));
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(ActionForm.Reference));
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(ActionForm.DueDate));
        Assert.Equal(action.Version, (await ReloadAsync(action.Id)).Version);
    }

    [Fact]
    public async Task A_priority_of_another_partnership_is_refused()
    {
        var action = await ActionLedByAsync(byPoliceLead: false);
        var meltonPriority = await app.WithDbAsync(db => db.Priorities.Where(p => p.Strategy!.Partnership!.Slug == "melton").Select(p => p.Id).FirstAsync());
        var form = ActionForm.From(action);
        form.PriorityId = meltonPriority;

        var result = await SaveAsync("coordinator@safermk.example", form);

        Assert.Equal(SaveOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(ActionForm.PriorityId));
        Assert.Equal(action.PriorityId, (await ReloadAsync(action.Id)).PriorityId);
    }

    [Fact]
    public async Task A_coordinator_of_another_partnership_cannot_see_the_action()
    {
        var action = await ActionLedByAsync(byPoliceLead: false);

        var result = await SaveAsync("coordinator@melton.example", ActionForm.From(action));

        Assert.Equal(SaveOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task The_second_of_two_saves_from_the_same_version_is_a_conflict_and_the_first_is_kept()
    {
        var action = await ActionLedByAsync(byPoliceLead: false);
        var first = ActionForm.From(action);
        var second = ActionForm.From(action);
        first.DueDate = new DateTime(2027, 1, 31);
        second.DueDate = new DateTime(2027, 2, 28);

        Assert.Equal(SaveOutcome.Saved, (await SaveAsync("coordinator@safermk.example", first)).Outcome);
        var result = await SaveAsync("coordinator@safermk.example", second);

        Assert.Equal(SaveOutcome.Conflict, result.Outcome);
        Assert.Equal(new DateOnly(2027, 1, 31), (await ReloadAsync(action.Id)).DueDate);
    }

    [Fact]
    public async Task A_restricted_action_is_invisible_to_someone_not_cleared()
    {
        var restricted = await app.WithDbAsync(db => db.Actions.AsNoTracking().FirstAsync(a => a.IsRestricted && a.Priority!.Strategy!.Partnership!.Slug == "safermk"));
        await using var scope = app.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<ActionQueries>();
        var partnershipId = await app.PartnershipIdAsync("safermk");

        Assert.Null(await queries.FindAsync(partnershipId, restricted.Id, await app.ActorAsync("board@safermk.example")));
        Assert.NotNull(await queries.FindAsync(partnershipId, restricted.Id, await app.ActorAsync("cleared.board@safermk.example")));
        var list = await queries.ListAsync(partnershipId, await app.ActorAsync("board@safermk.example"), new ActionFilter(), ActionSort.Reference, false, 0, 500);
        Assert.DoesNotContain(list.Rows, r => r.IsRestricted);
    }

    [Fact]
    public async Task The_list_filters_overdue_actions_server_side()
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        await using var scope = app.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<ActionQueries>();
        var actor = await app.ActorAsync("coordinator@safermk.example");

        var overdue = await queries.ListAsync(partnershipId, actor, new ActionFilter { OverdueOnly = true }, ActionSort.DueDate, false, 0, 500);
        var all = await queries.ListAsync(partnershipId, actor, new ActionFilter(), ActionSort.DueDate, false, 0, 5);

        Assert.NotEmpty(overdue.Rows);
        Assert.All(overdue.Rows, r => Assert.True(r.IsOverdue));
        Assert.Equal(5, all.Rows.Count);
        Assert.True(all.Total > 5);
    }
}
