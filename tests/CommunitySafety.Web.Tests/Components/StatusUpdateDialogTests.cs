using AngleSharp.Dom;
using Bunit;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.StatusUpdates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommunitySafety.Web.Tests.Components;

public class StatusUpdateDialogTests(TestApp app) : ComponentTestContext(app), IClassFixture<TestApp>
{
    private const string Lead = "lead.police@safermk.example";

    private async Task<(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> Host, Task<bool> Result, Action Action)> OpenAsync(int index)
    {
        await SignInAsync(Lead);
        var actor = await App.ActorAsync(Lead);
        var action = await App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.LeadPersonId == actor.PersonId && (a.Status == ActionStatus.InProgress || a.Status == ActionStatus.NotStarted))
            .OrderByDescending(a => a.Id).Skip(index).FirstAsync());
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
        });
        var partnershipId = await App.PartnershipIdAsync("safermk");
        Task<bool> result = null!;
        await host.InvokeAsync(() =>
        {
            result = StatusUpdateDialog.OpenAsync(Services.GetRequiredService<IDialogService>(), Services.GetRequiredService<StatusUpdateService>(), partnershipId, action.Id, actor);
        });
        host.WaitForAssertion(() => Assert.Contains($"Update {action.Reference}", host.Markup));
        return (host, result, action);
    }

    private static IElement Field(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> host, string label)
    {
        var labelElement = host.FindAll("label").First(l => l.TextContent.Trim().StartsWith(label, StringComparison.Ordinal));
        return host.Find($"#{labelElement.GetAttribute("for")}");
    }

    [Fact]
    public async Task The_dialog_shows_the_suggested_rag_and_refuses_an_update_without_commentary()
    {
        var (host, result, action) = await OpenAsync(0);

        Assert.Contains("Suggested: ", host.Find(".suggested-rag").TextContent);
        await ClickAsync(host, "button", b => b.TextContent.Contains("Save update", StringComparison.Ordinal));

        host.WaitForAssertion(() => Assert.Contains("Say what has happened since the last update.", host.Markup));
        Assert.False(result.IsCompleted);
        var after = await App.WithDbAsync(db => db.Actions.AsNoTracking().SingleAsync(a => a.Id == action.Id));
        Assert.Equal(action.Version, after.Version);
    }

    [Fact]
    public async Task Choosing_another_rag_asks_for_a_reason_and_says_what_was_suggested()
    {
        var (host, result, _) = await OpenAsync(1);
        var suggested = host.Find(".suggested-rag [data-rag]").GetAttribute("data-rag");
        Field(host, "Commentary").Input("Steady progress.");

        Field(host, "RAG rating").ParentElement!.ParentElement!.MouseDown();
        var other = suggested == nameof(RagRating.Red) ? "Amber" : "Red";
        host.WaitForAssertion(() => Assert.Contains(host.FindAll(".mud-list-item"), i => i.TextContent.Contains(other, StringComparison.Ordinal)));
        await ClickAsync(host, ".mud-list-item", i => i.TextContent.Trim() == other);
        host.WaitForAssertion(() => Assert.Contains("rather than the suggested", host.Markup));

        await ClickAsync(host, "button", b => b.TextContent.Contains("Save update", StringComparison.Ordinal));

        host.WaitForAssertion(() => Assert.Contains($"say why you rate it {other}", host.Markup));
        Assert.False(result.IsCompleted);
    }

    [Fact]
    public async Task A_valid_update_is_saved_and_closes_the_dialog()
    {
        var (host, result, action) = await OpenAsync(2);
        var progress = action.ProgressPercent == 55 ? 56 : 55;
        Field(host, "Progress (%)").Input(progress.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(host, "Commentary").Input("Funding confirmed by the PCC.");

        await ClickAsync(host, "button", b => b.TextContent.Contains("Save update", StringComparison.Ordinal));

        Assert.True(await result.WaitAsync(TimeSpan.FromSeconds(30)));
        var after = await App.WithDbAsync(db => db.Actions.AsNoTracking().Include(a => a.StatusUpdates).SingleAsync(a => a.Id == action.Id));
        Assert.Equal(progress, after.ProgressPercent);
        Assert.Contains(after.StatusUpdates, u => u.Commentary == "Funding confirmed by the PCC.");
    }
}
