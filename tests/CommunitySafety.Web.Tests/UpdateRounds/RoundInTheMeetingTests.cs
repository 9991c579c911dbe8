using Bunit;
using Microsoft.AspNetCore.Components;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Dashboard;
using CommunitySafety.Web.Features.StatusUpdates;
using CommunitySafety.Web.Features.UpdateRounds;
using CommunitySafety.Web.Tests.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.UpdateRounds;

/// <summary>
/// "Updated for this meeting" and who has not reported, on the dashboard, in meeting mode and in the board pack; the
/// restricted DHR action counted and listed only in the private part and for someone cleared.
/// </summary>
public class RoundInTheMeetingTests(TestApp app) : ComponentTestContext(app), IClassFixture<TestApp>, IAsyncLifetime
{
    async Task IAsyncLifetime.InitializeAsync()
    {
        if (await App.WithDbAsync(db => db.UpdateRounds.AnyAsync())) return;
        await using var scope = App.Services.CreateAsyncScope();
        var safermk = await App.PartnershipIdAsync("safermk");
        var coordinator = await App.ActorAsync("coordinator@safermk.example");
        var setup = await scope.ServiceProvider.GetRequiredService<UpdateRoundQueries>().SetupAsync(safermk, coordinator);
        var board = setup.Boards.Single(b => b.Name == "Tasking Board");
        var meeting = board.Meetings.First();
        var dhr = setup.Actions.Single(a => a.Reference == "DA-03").Id;
        var opened = await scope.ServiceProvider.GetRequiredService<UpdateRoundService>()
            .OpenAsync(safermk, new RoundRequest(board.Id, meeting.Id, meeting.DefaultDeadline, [.. setup.DefaultActions(board.Id), dhr]), coordinator);
        Assert.NotNull(opened.RoundId);

        // One answer, posted by the coordinator signed in: any status update since the round opened counts.
        var vc04 = await App.WithDbAsync(db => db.Actions.SingleAsync(a => a.Reference == "VC-04" && a.Priority!.Strategy!.Partnership!.Slug == "safermk"));
        var updates = scope.ServiceProvider.GetRequiredService<StatusUpdateService>();
        var draft = (await updates.PrepareAsync(safermk, vc04.Id, coordinator))!;
        draft.Form.Commentary = "Confirmed at the tasking meeting.";
        Assert.Equal(SaveOutcome.Saved, (await updates.PostAsync(safermk, draft.Form, coordinator)).Outcome);
    }

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public async Task Meeting_mode_shows_the_figure_and_the_non_reporters_and_adds_the_restricted_action_only_in_the_private_part()
    {
        await SignInAsync("coordinator@safermk.example");
        var page = Render<MeetingMode>(p => p.Add(c => c.Slug, "safermk"));
        page.WaitForAssertion(() => Assert.Contains("Updated for this meeting: 1 of 12 actions (8%)", page.Markup), TimeSpan.FromSeconds(5));
        Assert.Contains("Tasking Board, Tuesday 8 December 2026", page.Markup);
        Assert.Contains("VC-03", page.Find("[aria-label='Actions not updated for this meeting']").TextContent);
        Assert.DoesNotContain("DA-03", page.Find(".round-completeness-panel").TextContent);

        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudSwitch<bool>>().Instance.ValueChanged.InvokeAsync(true));
        page.WaitForAssertion(() => Assert.Contains("Updated for this meeting: 1 of 13 actions (8%)", page.Markup), TimeSpan.FromSeconds(5));
        Assert.Contains("DA-03", page.Find(".round-completeness-panel").TextContent);
    }

    [Theory]
    [InlineData(false, 12)]
    [InlineData(true, 13)]
    public async Task The_board_pack_prints_the_figure_and_the_full_list_of_who_has_not_reported(bool privatePart, int total)
    {
        await SignInAsync("coordinator@safermk.example");
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("private", privatePart));
        var page = Render<BoardPack>(p => p.Add(c => c.Slug, "safermk"));
        page.WaitForAssertion(() => Assert.Contains($"Updated for this meeting: 1 of {total} actions (8%)", page.Markup), TimeSpan.FromSeconds(5));
        var list = page.Find("[aria-label='Actions not updated for this meeting']");
        Assert.Equal(total - 1, list.QuerySelectorAll("li").Length);
        Assert.Contains("ASB-08 Mobile CCTV cameras for operational policing — Marc Tarbit and Inspector Nick Glister (Thames Valley Police)", list.TextContent);
        Assert.NotNull(page.Find(".round-completeness-panel details[open]"));
    }

    [Fact]
    public async Task A_board_member_not_cleared_sees_the_figure_without_the_restricted_action_on_the_dashboard()
    {
        await SignInAsync("board@safermk.example");
        var page = Render<DashboardPage>(p => p.Add(c => c.Slug, "safermk"));
        page.WaitForAssertion(() => Assert.Contains("Updated for this meeting: 1 of 12 actions (8%)", page.Markup), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("DA-03", page.Markup);
        Assert.Empty(page.FindAll(".round-completeness-panel a"));
    }
}
