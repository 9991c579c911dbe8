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
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && a.StatusUpdates.Count >= 2 && a.StatusUpdates.Count < ActionHistory.PageSize)
            .OrderBy(a => a.Id).FirstAsync());

        var page = Render<ActionDetail>(p => p.Add(c => c.Slug, "safermk").Add(c => c.Id, action.Id));

        page.WaitForAssertion(() => Assert.Contains(action.Title, page.Find("h1").TextContent));
        var newest = action.StatusUpdates.OrderByDescending(u => u.RecordedAt).First();
        // The history loads after the details.
        page.WaitForAssertion(() => Assert.Equal(action.StatusUpdates.Count + 1, page.FindAll(".mud-timeline-item").Count));
        var timeline = page.FindAll(".mud-timeline-item");
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
    public async Task A_long_history_shows_a_page_at_a_time_newest_first_and_older_entries_move_on()
    {
        await SignInAsync("coordinator@safermk.example");
        var partnershipId = await App.PartnershipIdAsync("safermk");
        var actor = await App.ActorAsync("coordinator@safermk.example");
        // A new action of its own, not in progress, so the other tests here never pick it.
        var like = await App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && a.Status == CommunitySafety.Domain.ActionStatus.NotStarted)
            .OrderBy(a => a.Id).FirstAsync());
        var form = ActionForm.From(like);
        form.Id = 0;
        form.Loaded = null;
        form.Reference = "HIST-25";
        form.Title = "An action with a long history";
        var created = await Services.GetRequiredService<ActionEditor>().SaveAsync(partnershipId, form, actor);
        Assert.Equal(SaveOutcome.Saved, created.Outcome);
        var id = created.Id!.Value;
        const int updates = ActionHistory.PageSize + 5;
        await App.WithDbAsync(async db =>
        {
            for (var i = 1; i <= updates; i++)
            {
                db.StatusUpdates.Add(new CommunitySafety.Domain.StatusUpdate
                {
                    ActionId = id, RecordedAt = TestApp.Now.UtcDateTime.AddHours(i), AuthorName = actor.Name,
                    Rag = like.Rag, Status = like.Status, ProgressPercent = like.ProgressPercent, Commentary = $"Update number {i}.",
                });
            }

            return await db.SaveChangesAsync();
        });

        var page = Render<ActionDetail>(p => p.Add(c => c.Slug, "safermk").Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Equal(ActionHistory.PageSize, page.FindAll(".mud-timeline-item").Count));
        var first = page.FindAll(".mud-timeline-item");
        Assert.Contains($"Update number {updates}.", first[0].TextContent);
        Assert.Contains($"Update number {updates - ActionHistory.PageSize + 1}.", first[^1].TextContent);
        Assert.DoesNotContain("Added to the action plan", page.Markup);
        Assert.Contains($"Entries 1 to {ActionHistory.PageSize} of {updates + 1}", page.Find(".history-pager").TextContent);
        Assert.True(page.FindAll("button").First(b => b.TextContent.Trim() == "Newer entries").HasAttribute("disabled"));

        page.FindAll("button").First(b => b.TextContent.Trim() == "Older entries").Click();

        page.WaitForAssertion(() => Assert.Equal(updates + 1 - ActionHistory.PageSize, page.FindAll(".mud-timeline-item").Count));
        var second = page.FindAll(".mud-timeline-item");
        Assert.Contains($"Update number {updates - ActionHistory.PageSize}.", second[0].TextContent);
        Assert.Contains("Update number 1.", second[^2].TextContent);
        Assert.Contains("Added to the action plan", second[^1].TextContent);
        Assert.Contains($"Entries {ActionHistory.PageSize + 1} to {updates + 1} of {updates + 1}", page.Find(".history-pager").TextContent);
        Assert.True(page.FindAll("button").First(b => b.TextContent.Trim() == "Older entries").HasAttribute("disabled"));

        page.FindAll("button").First(b => b.TextContent.Trim() == "Newer entries").Click();
        page.WaitForAssertion(() => Assert.Contains($"Update number {updates}.", page.Find(".mud-timeline-item").TextContent));
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

    [Fact]
    public async Task The_edit_page_shows_what_someone_else_changed_and_merges_theirs_with_mine()
    {
        await SignInAsync("coordinator@safermk.example");
        var partnershipId = await App.PartnershipIdAsync("safermk");
        var actor = await App.ActorAsync("coordinator@safermk.example");
        var action = await App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && a.Status == CommunitySafety.Domain.ActionStatus.InProgress)
            .OrderByDescending(a => a.Id).Skip(1).FirstAsync());
        var page = Render<ActionEdit>(p => p.Add(c => c.Slug, "safermk").Add(c => c.Id, action.Id));
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("label"), l => l.TextContent.StartsWith("Progress (%)", StringComparison.Ordinal)));

        var theirs = ActionForm.From(action);
        theirs.Title = action.Title + " (theirs)";
        Assert.Equal(SaveOutcome.Saved, (await Services.GetRequiredService<ActionEditor>().SaveAsync(partnershipId, theirs, actor)).Outcome);
        var mine = action.ProgressPercent == 41 ? 42 : 41;
        var progressLabel = page.FindAll("label").First(l => l.TextContent.StartsWith("Progress (%)", StringComparison.Ordinal));
        page.Find($"#{progressLabel.GetAttribute("for")}").Change(mine.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.FindAll("button").First(b => b.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.Contains("Keep theirs and re-apply mine", page.Markup));
        var difference = Assert.Single(page.FindAll(".conflict-differences tbody tr"));
        Assert.Contains("Title", difference.TextContent);
        Assert.Contains(theirs.Title, difference.TextContent);
        Assert.Contains("while you were editing", page.Find("[role=alert]").TextContent);
        Assert.Equal(action.ProgressPercent, (await App.WithDbAsync(db => db.Actions.AsNoTracking().SingleAsync(a => a.Id == action.Id))).ProgressPercent);

        page.FindAll("button").First(b => b.TextContent.Contains("Keep theirs and re-apply mine", StringComparison.Ordinal)).Click();
        page.WaitForAssertion(() => Assert.Contains("yours are re-applied", page.Markup));
        page.FindAll("button").First(b => b.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/p/safermk/actions/{action.Id}", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri));
        var saved = await App.WithDbAsync(db => db.Actions.AsNoTracking().SingleAsync(a => a.Id == action.Id));
        Assert.Equal(theirs.Title, saved.Title);
        Assert.Equal(mine, saved.ProgressPercent);
    }
}
