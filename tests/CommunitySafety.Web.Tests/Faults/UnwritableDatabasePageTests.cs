using AngleSharp.Dom;
using Bunit;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Milestones;
using CommunitySafety.Web.Features.Outcomes;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Features.Reports;
using CommunitySafety.Web.Features.Risks;
using CommunitySafety.Web.Features.StatusUpdates;
using CommunitySafety.Web.Tests.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Xunit.Abstractions;

namespace CommunitySafety.Web.Tests.Faults;

/// <summary>
/// Each form that saves, when the database refuses the write: the person is told it was NOT saved, what they typed
/// stays in the form and is offered as text to copy, and the page goes on working (Close, saving again later).
/// </summary>
[Collection(FaultyDatabaseCollection.Name)]
public sealed class UnwritableDatabasePageTests(FaultyDatabaseApp app, ITestOutputHelper output) : ComponentTestContext(app)
{
    private const string Coordinator = SaveScenario.Coordinator;
    private const string NotSaved = "Your change was NOT saved";

    private static IElement Field(IRenderedComponent<IComponent> page, string label)
    {
        var labelElement = page.FindAll("label").First(l => l.TextContent.Trim().StartsWith(label, StringComparison.Ordinal));
        return page.Find($"#{labelElement.GetAttribute("for")}");
    }

    // A page still rendering what it loaded replaces its elements under the test; find them again until they hold still.
    private static void Press(IRenderedComponent<IComponent> page, string button) =>
        page.WaitForAssertion(() => page.FindAll("button").First(b => b.TextContent.Trim() == button).Click());

    private static void Type(IRenderedComponent<IComponent> page, string label, string text, bool immediate = false) =>
        page.WaitForAssertion(() =>
        {
            if (immediate) Field(page, label).Input(text);
            else Field(page, label).Change(text);
        });

    /// <summary>Saves with the database refusing writes and checks what the person is shown; then lets writes through again.</summary>
    private void SaveRefused(IRenderedComponent<IComponent> page, string button, string typed)
    {
        ((FaultyDatabaseApp)App).Faults.RefuseWrites = true;
        try
        {
            Press(page, button);
            page.WaitForAssertion(() => Assert.Contains(NotSaved, page.Markup), TimeSpan.FromSeconds(20));
        }
        finally
        {
            ((FaultyDatabaseApp)App).Faults.RefuseWrites = false;
        }

        Assert.Contains(page.FindAll("[role=alert]"), a => a.TextContent.Contains(NotSaved, StringComparison.Ordinal));
        var copy = page.Find(".unsaved-text textarea");
        Assert.Contains(typed, copy.GetAttribute("value") ?? copy.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "Copy what you typed");
        output.WriteLine($"{page.Instance.GetType().Name}: told not saved; typed text kept and offered to copy");
    }

    private string Uri => Services.GetRequiredService<NavigationManager>().Uri;

    [Fact]
    public async Task The_status_update_dialog_says_not_saved_keeps_the_commentary_and_still_closes()
    {
        await SignInAsync(Coordinator);
        var actor = await App.ActorAsync(Coordinator);
        var action = await App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && a.Status == ActionStatus.InProgress)
            .OrderBy(a => a.Reference).FirstAsync());
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
        });
        Task<bool> result = null!;
        var partnershipId = await App.PartnershipIdAsync("safermk");
        await host.InvokeAsync(() =>
        {
            result = StatusUpdateDialog.OpenAsync(Services.GetRequiredService<IDialogService>(), Services.GetRequiredService<StatusUpdateService>(), partnershipId, action.Id, actor);
        });
        host.WaitForAssertion(() => Assert.Contains($"Update {action.Reference}", host.Markup));
        const string commentary = "Met the housing providers on Tuesday; two closure orders are being prepared.";
        Type(host, "Commentary", commentary, immediate: true);

        SaveRefused(host, "Save update", commentary);

        Assert.Equal(commentary, Field(host, "Commentary").GetAttribute("value") ?? Field(host, "Commentary").TextContent);
        Assert.False(result.IsCompleted, "the dialog stays open with what was typed");
        Assert.Equal(0, await App.WithDbAsync(db => db.StatusUpdates.CountAsync(u => u.Commentary == commentary)));
        Press(host, "Close");
        Assert.False(await result.WaitAsync(TimeSpan.FromSeconds(10)));
        host.WaitForAssertion(() => Assert.DoesNotContain($"Update {action.Reference}", host.Markup));
    }

    [Fact]
    public async Task The_action_edit_page_says_not_saved_keeps_the_form_and_saves_once_the_database_takes_writes()
    {
        await SignInAsync(Coordinator);
        var action = await App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted).OrderBy(a => a.Id).Skip(3).FirstAsync());
        var page = Render<ActionEdit>(p => p.Add(c => c.Slug, "safermk").Add(c => c.Id, action.Id));
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("label"), l => l.TextContent.StartsWith("Description", StringComparison.Ordinal)));
        var description = $"Extended to the estates in Bletchley ({Guid.NewGuid():N}).";
        Type(page, "Description", description);

        SaveRefused(page, "Save", description);

        Assert.Contains(page.FindAll("h1"), h => h.TextContent.StartsWith("Edit ", StringComparison.Ordinal));
        Assert.Equal(action.Description, (await App.WithDbAsync(db => db.Actions.AsNoTracking().SingleAsync(a => a.Id == action.Id))).Description);
        Press(page, "Save");
        page.WaitForAssertion(() => Assert.EndsWith($"/p/safermk/actions/{action.Id}", Uri));
        Assert.Equal(description, (await App.WithDbAsync(db => db.Actions.AsNoTracking().SingleAsync(a => a.Id == action.Id))).Description);
    }

    [Fact]
    public async Task The_milestone_edit_page_says_not_saved_and_keeps_the_form()
    {
        await SignInAsync(Coordinator);
        var id = await App.WithDbAsync(db => db.Milestones.Where(m => m.Partnership!.Slug == "safermk" && !m.IsRestricted).OrderBy(m => m.Id).Skip(2).Select(m => m.Id).FirstAsync());
        var page = Render<MilestoneEdit>(p => p.Add(c => c.Slug, "safermk").Add(c => c.Id, id));
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("label"), l => l.TextContent.StartsWith("Description", StringComparison.Ordinal)));
        var description = $"Papers to the board a fortnight before ({Guid.NewGuid():N}).";
        Type(page, "Description", description);

        SaveRefused(page, "Save", description);

        Assert.NotEqual(description, await App.WithDbAsync(db => db.Milestones.Where(m => m.Id == id).Select(m => m.Description).SingleAsync()));
    }

    [Fact]
    public async Task The_risk_edit_page_says_not_saved_and_keeps_the_form()
    {
        await SignInAsync(Coordinator);
        var id = await App.WithDbAsync(db => db.Risks.Where(r => r.Partnership!.Slug == "safermk").OrderBy(r => r.Number).Select(r => r.Id).FirstAsync());
        var page = Render<RiskEdit>(p => p.Add(c => c.Slug, "safermk").Add(c => c.Id, id));
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("label"), l => l.TextContent.StartsWith("Mitigation", StringComparison.Ordinal)));
        var mitigation = $"Reviewed by the Risk Board every quarter ({Guid.NewGuid():N}).";
        Type(page, "Mitigation", mitigation);

        SaveRefused(page, "Save", mitigation);

        Assert.NotEqual(mitigation, await App.WithDbAsync(db => db.Risks.Where(r => r.Id == id).Select(r => r.Mitigation).SingleAsync()));
    }

    [Fact]
    public async Task The_measurement_form_says_not_saved_and_keeps_what_was_entered()
    {
        await SignInAsync(Coordinator);
        var page = Render<OutcomesPage>(p => p.Add(c => c.Slug, "safermk"));
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("button"), b => (b.GetAttribute("aria-label") ?? "").StartsWith("Record a measurement of", StringComparison.Ordinal)));
        page.WaitForAssertion(() => page.FindAll("button").First(b => (b.GetAttribute("aria-label") ?? "").StartsWith("Record a measurement of", StringComparison.Ordinal)).Click());
        var period = $"2026/27 Q2 {Guid.NewGuid().ToString("N")[..4]}";
        Type(page, "Period end", "30/09/2026");
        Type(page, "Period", period);
        Type(page, "Value", "417");
        Type(page, "Note", "Provisional figure from the police.");

        SaveRefused(page, "Save measurement", period);

        Assert.Equal(0, await App.WithDbAsync(db => db.Measurements.CountAsync(m => m.Period == period)));
        Assert.Contains("Value: 417", page.Find(".unsaved-text textarea").GetAttribute("value") ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_activity_overview_editor_says_not_saved_and_keeps_the_draft()
    {
        await SignInAsync(Coordinator);
        var pid = await App.PartnershipIdAsync("safermk");
        var actor = await App.ActorAsync(Coordinator);
        var meetingId = await App.WithDbAsync(db => db.Meetings.Where(m => m.Board!.Partnership!.Slug == "safermk").OrderByDescending(m => m.StartsAt).Select(m => m.Id).FirstAsync());
        var draft = await Services.GetRequiredService<ActivityReportService>().DraftAsync(pid, meetingId, false, actor);
        var page = Render<ActivityReportPage>(p => p.Add(c => c.Slug, "safermk").Add(c => c.Id, draft.Id!.Value));
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("label"), l => l.TextContent.StartsWith("Purpose of report", StringComparison.Ordinal)));
        var purpose = $"To note the work of the partnership since October ({Guid.NewGuid():N}).";
        Type(page, "Purpose of report", purpose);

        SaveRefused(page, "Save draft", purpose);

        Assert.NotEqual(purpose, await App.WithDbAsync(db => db.ActivityReports.Where(r => r.Id == draft.Id).Select(r => r.Purpose).SingleAsync()));
    }

    [Fact]
    public async Task The_update_by_link_page_says_not_saved_and_keeps_the_commentary()
    {
        var lead = await App.ActorAsync(SaveScenario.Lead);
        var actionId = await App.WithDbAsync(db => db.Actions.Where(a => a.LeadPersonId == lead.PersonId && a.Status == ActionStatus.InProgress && !a.IsRestricted)
            .OrderByDescending(a => a.Id).Select(a => a.Id).FirstAsync());
        string token;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (token, _) = scope.ServiceProvider.GetRequiredService<UpdateLinkStatusUpdates>().Issue(db, actionId, lead.PersonId!.Value);
            await db.SaveChangesAsync();
        }

        AddAuthorization(); // signed out, as a lead opening the email
        var page = Render<UpdateByLink>(p => p.Add(c => c.Token, token));
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("label"), l => l.TextContent.StartsWith("What has happened", StringComparison.Ordinal)));
        var commentary = $"Patrols doubled at the weekend ({Guid.NewGuid():N}).";
        Type(page, "What has happened", commentary, immediate: true);

        SaveRefused(page, "Post the update", commentary);

        Assert.Equal(0, await App.WithDbAsync(db => db.StatusUpdates.CountAsync(u => u.Commentary == commentary)));
    }
}
