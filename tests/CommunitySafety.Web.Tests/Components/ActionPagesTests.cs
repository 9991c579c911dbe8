using Bunit;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Actions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Components;

public class ActionPagesTests(TestApp app) : ComponentTestContext(app), IClassFixture<TestApp>
{
    [Fact]
    public async Task The_action_page_shows_its_details_and_updates_newest_first()
    {
        await SignInAsync("coordinator@safermk.example");
        var action = await App.WithDbAsync(db => db.Actions.Include(a => a.StatusUpdates)
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && a.StatusUpdates.Count >= 2).FirstAsync());

        var page = Render<ActionDetail>(p => p.Add(c => c.Slug, "safermk").Add(c => c.Id, action.Id));

        page.WaitForAssertion(() => Assert.Contains(action.Title, page.Find("h1").TextContent));
        var newest = action.StatusUpdates.OrderByDescending(u => u.RecordedAt).First();
        var timeline = page.FindAll(".mud-timeline-item");
        Assert.Equal(action.StatusUpdates.Count + 1, timeline.Count);
        Assert.Contains(newest.Commentary[..Math.Min(40, newest.Commentary.Length)], timeline[0].TextContent);
        Assert.Contains("Added to the action plan", timeline[^1].TextContent);
        Assert.Contains("Edit action", page.Markup);
        Assert.Contains("Post an update", page.Markup);
    }

    [Fact]
    public async Task The_history_shows_field_changes_with_before_and_after_but_not_twice_for_an_update()
    {
        await SignInAsync("coordinator@safermk.example");
        var partnershipId = await App.PartnershipIdAsync("safermk");
        var actor = await App.ActorAsync("coordinator@safermk.example");
        var action = await App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && a.Status == CommunitySafety.Domain.ActionStatus.InProgress)
            .OrderByDescending(a => a.Id).FirstAsync());
        var form = ActionForm.From(action);
        form.Title = action.Title + " (renamed)";
        Assert.Equal(SaveOutcome.Saved, (await Services.GetRequiredService<ActionEditor>().SaveAsync(partnershipId, form, actor)).Outcome);
        var updates = Services.GetRequiredService<CommunitySafety.Web.Features.StatusUpdates.StatusUpdateService>();
        var draft = (await updates.PrepareAsync(partnershipId, action.Id, actor))!;
        draft.Form.Commentary = "Reviewed at the board.";
        Assert.Equal(SaveOutcome.Saved, (await updates.PostAsync(partnershipId, draft.Form, actor)).Outcome);

        var page = Render<ActionDetail>(p => p.Add(c => c.Slug, "safermk").Add(c => c.Id, action.Id));

        page.WaitForAssertion(() => Assert.Contains("Reviewed at the board.", page.Find(".mud-timeline-item").TextContent));
        var change = Assert.Single(page.FindAll(".field-changes li"));
        Assert.Equal($"Title: {action.Title} → {form.Title}", change.TextContent.Trim());
    }

    [Fact]
    public async Task A_board_member_sees_no_edit_button()
    {
        await SignInAsync("board@safermk.example");
        var id = await App.WithDbAsync(db => db.Actions.Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted).Select(a => a.Id).FirstAsync());

        var page = Render<ActionDetail>(p => p.Add(c => c.Slug, "safermk").Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("h1")));
        Assert.DoesNotContain("Edit action", page.Markup);
    }

    [Fact]
    public async Task The_edit_page_tells_a_lead_it_cannot_edit_someone_elses_action()
    {
        await SignInAsync("lead.police@safermk.example");
        var actor = await App.ActorAsync("lead.police@safermk.example");
        var id = await App.WithDbAsync(db => db.Actions.Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && a.LeadPersonId != actor.PersonId).Select(a => a.Id).FirstAsync());

        var page = Render<ActionEdit>(p => p.Add(c => c.Slug, "safermk").Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Contains("You may not change this action", page.Markup));
        Assert.Empty(page.FindAll("form, .mud-form"));
    }
}
