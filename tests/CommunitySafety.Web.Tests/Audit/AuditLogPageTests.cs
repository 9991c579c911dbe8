using Bunit;
using CommunitySafety.Tests;
using CommunitySafety.Web.Components.Layout;
using CommunitySafety.Web.Features.Audit;
using CommunitySafety.Web.Tests.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Audit;

/// <summary>The audit log pages and the menu that leads to them, against the samples.</summary>
public class AuditLogPageTests(TestApp app) : ComponentTestContext(app), IClassFixture<TestApp>, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's date picker and popover services dispose only asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    [Fact]
    public async Task A_coordinators_menu_leads_to_their_partnerships_log_which_reads_as_sentences_with_uk_times()
    {
        await SignInAsync("coordinator@safermk.example");
        Services.GetRequiredService<NavigationManager>().NavigateTo("/p/safermk/actions");

        var menu = Render<NavMenu>();
        Assert.Contains(menu.FindAll("a"), a => a.TextContent.Trim() == "Audit log" && a.GetAttribute("href") == "/p/safermk/audit");

        var page = Render<PartnershipAuditLogPage>(p => p.Add(c => c.Slug, "safermk"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".audit-sentences li")), TimeSpan.FromSeconds(5));
        Assert.Equal("Audit log", page.Find("h1").TextContent.Trim());
        Assert.Equal("24 Nov 2026 09:00", page.Find("td.audit-when").TextContent.Trim());
        Assert.All(page.FindAll(".audit-sentences li"), li => Assert.StartsWith("Sample loader ", li.TextContent.Trim(), StringComparison.Ordinal));
        Assert.DoesNotContain("Melton", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("{\"", page.Markup, StringComparison.Ordinal);
        Assert.Contains(page.FindAll("label"), l => l.TextContent.Trim() == "Action");
        Assert.Contains(page.FindAll("label"), l => l.TextContent.Trim() == "Person");
    }

    [Fact]
    public async Task A_board_member_gets_no_log_and_no_menu_link()
    {
        await SignInAsync("board@safermk.example");
        Services.GetRequiredService<NavigationManager>().NavigateTo("/p/safermk/actions");

        var menu = Render<NavMenu>();
        Assert.DoesNotContain(menu.FindAll("a"), a => a.TextContent.Contains("Audit log", StringComparison.Ordinal));

        var page = Render<PartnershipAuditLogPage>(p => p.Add(c => c.Slug, "safermk"));
        page.WaitForAssertion(() => Assert.Contains("There is no partnership at this address that you can see", page.Markup), TimeSpan.FromSeconds(5));
        Assert.Empty(page.FindAll(".audit-sentences li"));
    }

    [Fact]
    public async Task An_administrators_log_covers_every_partnership_and_names_each()
    {
        await SignInAsync("admin@safermk.example");

        var page = Render<AuditLogPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".audit-sentences").Count), TimeSpan.FromSeconds(5));
        Assert.Contains("SaferMK Partnership", page.Markup);
        Assert.Contains("Melton Community Safety Partnership", page.Markup);
        Assert.Contains(page.FindAll("label"), l => l.TextContent.Trim() == "Partnership");
    }
}
