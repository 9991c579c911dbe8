using Bunit;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Actions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Components;

public class ActionPagesTests(TestApp app) : ComponentTestContext(app), IClassFixture<TestApp>
{
    /// <summary>
    /// Signs in as the partnership's coordinator and adds an action of the test's own, copied from the partnership's
    /// first public action (of <paramref name="status"/>, if given), so the test can change its history freely.
    /// </summary>
    private async Task<(int Id, CommunitySafety.Domain.Action Like, Actor Actor)> NewActionAsync(string slug, string reference, string title, ActionStatus? status = null)
    {
        var email = $"coordinator@{slug}.example";
        await SignInAsync(email);
        var partnershipId = await App.PartnershipIdAsync(slug);
        var actor = await App.ActorAsync(email);
        var like = await App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == slug && !a.IsRestricted && (status == null || a.Status == status))
            .OrderBy(a => a.Id).FirstAsync());
        var form = ActionForm.From(like);
        form.Id = 0;
        form.Loaded = null;
        form.Reference = reference;
        form.Title = title;
        var created = await Services.GetRequiredService<ActionEditor>().SaveAsync(partnershipId, form, actor);
        Assert.Equal(SaveOutcome.Saved, created.Outcome);
        return (created.Id!.Value, like, actor);
    }

    /// <summary>A status update written straight to the database, as another device's would arrive, <paramref name="hours"/> after the test's now.</summary>
    private static StatusUpdate UpdateOf(CommunitySafety.Domain.Action like, int actionId, Actor actor, int hours, string commentary) => new()
    {
        ActionId = actionId, RecordedAt = TestApp.Now.UtcDateTime.AddHours(hours), AuthorName = actor.Name,
        Rag = like.Rag, Status = like.Status, ProgressPercent = like.ProgressPercent, Commentary = commentary,
    };

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
        // Not started, so the other tests here, which pick actions in progress, never pick it.
        var (id, like, actor) = await NewActionAsync("safermk", "HIST-25", "An action with a long history", CommunitySafety.Domain.ActionStatus.NotStarted);
        const int updates = ActionHistory.PageSize + 5;
        await App.WithDbAsync(async db =>
        {
            for (var i = 1; i <= updates; i++)
            {
                db.StatusUpdates.Add(UpdateOf(like, id, actor, i, $"Update number {i}."));
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

        await ClickButtonAsync(page, "Older entries");

        page.WaitForAssertion(() => Assert.Equal(updates + 1 - ActionHistory.PageSize, page.FindAll(".mud-timeline-item").Count));
        var second = page.FindAll(".mud-timeline-item");
        Assert.Contains($"Update number {updates - ActionHistory.PageSize}.", second[0].TextContent);
        Assert.Contains("Update number 1.", second[^2].TextContent);
        Assert.Contains("Added to the action plan", second[^1].TextContent);
        Assert.Contains($"Entries {ActionHistory.PageSize + 1} to {updates + 1} of {updates + 1}", page.Find(".history-pager").TextContent);
        Assert.True(page.FindAll("button").First(b => b.TextContent.Trim() == "Older entries").HasAttribute("disabled"));

        await ClickButtonAsync(page, "Newer entries");
        page.WaitForAssertion(() => Assert.Contains($"Update number {updates}.", page.Find(".mud-timeline-item").TextContent));
    }

    [Fact]
    public async Task An_update_saved_elsewhere_shows_on_the_open_page_and_a_change_to_another_partnership_leaves_it_alone()
    {
        // In the partnership the other tests here leave alone.
        var (id, like, actor) = await NewActionAsync("melton", "LIVE-1", "An action watched while others update it");
        var partnershipId = await App.PartnershipIdAsync("melton");
        var changes = Services.GetRequiredService<ActionChanges>();

        var page = Render<ActionDetail>(p => p.Add(c => c.Slug, "melton").Add(c => c.Id, id));
        page.WaitForAssertion(() => Assert.Contains("Added to the action plan", page.Find(".mud-timeline-item").TextContent));

        await App.WithDbAsync(db =>
        {
            db.StatusUpdates.Add(UpdateOf(like, id, actor, 1, "Posted from another device."));
            return db.SaveChangesAsync();
        });

        // The whole of another partnership changed (an import there, say): nothing here to look at again, so the
        // update above is not shown yet.
        changes.Publish(new ActionChange(await App.PartnershipIdAsync("safermk"), ActionChange.AnyAction, TestApp.Now.UtcDateTime));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain("Posted from another device.", page.Markup);

        // This partnership's data as a whole changed (the update above, or a priority renamed): the page looks again.
        changes.Publish(new ActionChange(partnershipId, ActionChange.AnyAction, TestApp.Now.UtcDateTime));

        page.WaitForAssertion(() => Assert.Contains("Posted from another device.", page.Find(".mud-timeline-item").TextContent));
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

    /// <summary>The column headers of the action list; the order each should give is worked out here from the database.</summary>
    public static TheoryData<string> ListColumns() => ["Reference and action", "Lead", "Board", "Due", "Status", "RAG", "Progress"];

    private static readonly RagRating[] WorstFirst = [RagRating.Red, RagRating.Amber, RagRating.Green, RagRating.NotStarted, RagRating.Complete];
    private static readonly ActionStatus[] Workflow = [ActionStatus.NotStarted, ActionStatus.InProgress, ActionStatus.Completed, ActionStatus.Deferred, ActionStatus.Cancelled];

    /// <summary>Names regardless of capitals; numbers and dates as themselves.</summary>
    private static readonly IComparer<object?> Comparer = Comparer<object?>.Create((x, y) =>
        x is string a && y is string b ? StringComparer.OrdinalIgnoreCase.Compare(a, b) : Comparer<object?>.Default.Compare(x, y));

    private static List<string> ExpectedOrder(IReadOnlyList<Action> actions, string column, bool descending)
    {
        // Empty values last either way; ties in plan order.
        IEnumerable<Action> Sort(Func<Action, object?> key)
        {
            var withValue = actions.Where(a => key(a) is not null);
            var ordered = descending ? withValue.OrderByDescending(key, Comparer) : withValue.OrderBy(key, Comparer);
            return ordered.ThenBy(a => a.Priority!.Order).ThenBy(a => a.Reference, StringComparer.Ordinal)
                .Concat(actions.Where(a => key(a) is null).OrderBy(a => a.Priority!.Order).ThenBy(a => a.Reference, StringComparer.Ordinal));
        }

        var sorted = column switch
        {
            "Lead" => Sort(a => a.LeadOrganisation?.Name),
            "Board" => Sort(a => a.Board?.Name),
            "Due" => Sort(a => a.DueDate),
            "Status" => Sort(a => Array.IndexOf(Workflow, a.Status)),
            "RAG" => Sort(a => Array.IndexOf(WorstFirst, a.Rag)),
            "Progress" => Sort(a => a.ProgressPercent),
            _ => descending
                ? actions.OrderByDescending(a => a.Priority!.Order).ThenByDescending(a => a.Reference, StringComparer.Ordinal)
                : actions.OrderBy(a => a.Priority!.Order).ThenBy(a => a.Reference, StringComparer.Ordinal),
        };
        return [.. sorted.Select(a => a.Reference)];
    }

    [Theory]
    [MemberData(nameof(ListColumns))]
    public async Task Each_column_of_the_action_list_sorts_by_its_own_values_both_ways(string column)
    {
        await SignInAsync("coordinator@safermk.example");
        var actions = await App.WithDbAsync(db => db.Actions.AsNoTracking().Include(a => a.Priority).Include(a => a.LeadOrganisation).Include(a => a.Board)
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk").ToListAsync());
        Assert.InRange(actions.Count, 2, 25);
        var page = Render<ActionsPage>(p => p.Add(c => c.Slug, "safermk"));
        page.WaitForAssertion(() => Assert.Equal(actions.Count, page.FindAll("tbody .action-ref").Count));
        List<string> Shown() => [.. page.FindAll("tbody .action-ref").Select(r => r.TextContent.Trim())];
        // A column whose values were all alike would prove nothing.
        Assert.NotEqual(ExpectedOrder(actions, column, false), ExpectedOrder(actions, column, true));

        foreach (var descending in new[] { false, true })
        {
            // The first press sorts ascending, the second descending (the plan order column starts ascending already).
            await page.InvokeAsync(() => page.FindAll("th").Single(th => th.TextContent.Trim() == column).QuerySelector(".sortable-column-header")!.Click());
            var expected = ExpectedOrder(actions, column, descending);
            page.WaitForAssertion(() => Assert.Equal(expected, Shown()));
        }
    }

    [Fact]
    public async Task The_edit_page_shows_status_rag_and_progress_but_offers_no_field_to_change_them()
    {
        await SignInAsync("lead.police@safermk.example");
        var actor = await App.ActorAsync("lead.police@safermk.example");
        var action = await App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && a.LeadPersonId == actor.PersonId)
            .OrderBy(a => a.Id).FirstAsync());

        var page = Render<ActionEdit>(p => p.Add(c => c.Slug, "safermk").Add(c => c.Id, action.Id));

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("label"), l => l.TextContent.StartsWith("Due date", StringComparison.Ordinal)));
        var labels = page.FindAll("label").Select(l => l.TextContent.Trim()).ToList();
        Assert.DoesNotContain(labels, l => l.StartsWith("Status", StringComparison.Ordinal) || l.StartsWith("RAG", StringComparison.Ordinal)
                                           || l.StartsWith("Progress", StringComparison.Ordinal) || l.StartsWith("Completed on", StringComparison.Ordinal));
        var standing = page.Find("[aria-labelledby=standing-heading]").TextContent;
        Assert.Contains($"Status: {action.Status.Label()}", standing);
        Assert.Contains($"RAG: {action.Rag.Label()}", standing);
        Assert.Contains($"Progress: {action.ProgressPercent}%", standing);
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "Post a status update");
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
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("label"), l => l.TextContent.StartsWith("Description", StringComparison.Ordinal)));

        var theirs = ActionForm.From(action);
        theirs.Title = action.Title + " (theirs)";
        Assert.Equal(SaveOutcome.Saved, (await Services.GetRequiredService<ActionEditor>().SaveAsync(partnershipId, theirs, actor)).Outcome);
        var mine = "Mine: agreed with the tasking board.";
        var descriptionLabel = page.FindAll("label").First(l => l.TextContent.StartsWith("Description", StringComparison.Ordinal));
        page.Find($"#{descriptionLabel.GetAttribute("for")}").Change(mine);
        // Found and clicked in one go: the field's change may re-render the form in between on a slow machine.
        await ClickButtonAsync(page, "Save");

        page.WaitForAssertion(() => Assert.Contains("Keep theirs and re-apply mine", page.Markup));
        var difference = Assert.Single(page.FindAll(".conflict-differences tbody tr"));
        Assert.Contains("Title", difference.TextContent);
        Assert.Contains(theirs.Title, difference.TextContent);
        Assert.Contains("while you were editing", page.Find("[role=alert]").TextContent);
        Assert.Equal(action.Description, (await App.WithDbAsync(db => db.Actions.AsNoTracking().SingleAsync(a => a.Id == action.Id))).Description);

        await ClickAsync(page, "button", b => b.TextContent.Contains("Keep theirs and re-apply mine", StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Contains("yours are re-applied", page.Markup));
        await ClickButtonAsync(page, "Save");

        page.WaitForAssertion(() => Assert.EndsWith($"/p/safermk/actions/{action.Id}", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri));
        var saved = await App.WithDbAsync(db => db.Actions.AsNoTracking().SingleAsync(a => a.Id == action.Id));
        Assert.Equal(theirs.Title, saved.Title);
        Assert.Equal(mine, saved.Description);
    }
}
