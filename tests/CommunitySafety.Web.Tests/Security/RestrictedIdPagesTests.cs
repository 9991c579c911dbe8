using Bunit;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Milestones;
using CommunitySafety.Web.Features.Reports;
using CommunitySafety.Web.Tests.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Security;

/// <summary>
/// The pages that take an id, rendered as they run in the circuit: a restricted id shows an uncleared account nothing
/// of the item, and another partnership's id (under either address) shows nothing to that partnership's outsiders.
/// </summary>
public sealed class RestrictedIdPagesTests(TestApp app) : ComponentTestContext(app), IClassFixture<TestApp>
{
    public static TheoryData<string, string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var page in new[] { "action", "action-edit", "milestone-edit", "activity" })
        {
            data.Add(page, "board@safermk.example", "safermk", true);
            data.Add(page, "lead.police@safermk.example", "safermk", true);
            data.Add(page, "coordinator@melton.example", "safermk", false);
            data.Add(page, "coordinator@melton.example", "melton", false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_page_shows_nothing_of_the_item(string page, string email, string slug, bool restricted)
    {
        await SignInAsync(email);
        var (id, title) = await ItemAsync(page, restricted);

        IRenderedComponent<IComponent> cut = page switch
        {
            "action" => Render<ActionDetail>(p => p.Add(c => c.Slug, slug).Add(c => c.Id, id)).As(),
            "action-edit" => Render<ActionEdit>(p => p.Add(c => c.Slug, slug).Add(c => c.Id, id)).As(),
            "milestone-edit" => Render<MilestoneEdit>(p => p.Add(c => c.Slug, slug).Add(c => c.Id, id)).As(),
            _ => Render<ActivityReportPage>(p => p.Add(c => c.Slug, slug).Add(c => c.Id, id)).As(),
        };

        // Settled: a heading or a refusal is shown and nothing is loading any more.
        cut.WaitForAssertion(() =>
        {
            Assert.NotEmpty(cut.FindAll("h1, [role=alert]"));
            Assert.Empty(cut.FindAll(".mud-progress-linear, .mud-progress-circular"));
        }, TimeSpan.FromSeconds(20));
        var text = string.Concat(cut.Nodes.Select(n => n.TextContent));
        Assert.DoesNotContain(title, text, StringComparison.Ordinal);
        Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(title), cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(title, cut.Markup, StringComparison.Ordinal);
    }

    /// <summary>A SaferMK item of the page's kind (restricted or not) and its title.</summary>
    private async Task<(int Id, string Title)> ItemAsync(string page, bool restricted)
    {
        var safermk = await App.PartnershipIdAsync("safermk");
        return page switch
        {
            "action" or "action-edit" => await App.WithDbAsync(async db => (await db.Actions.Where(a => a.Priority!.Strategy!.PartnershipId == safermk && a.IsRestricted == restricted)
                .OrderBy(a => a.Id).Select(a => new { a.Id, a.Title }).FirstAsync()) is var a ? (a.Id, a.Title) : default),
            "milestone-edit" => await App.WithDbAsync(async db => (await db.Milestones.Where(m => m.PartnershipId == safermk && m.IsRestricted == restricted)
                .OrderBy(m => m.Id).Select(m => new { m.Id, m.Title }).FirstAsync()) is var m ? (m.Id, m.Title) : default),
            _ => await ActivityReportAsync(safermk, restricted),
        };
    }

    private async Task<(int, string)> ActivityReportAsync(int partnershipId, bool restricted)
    {
        var existing = await App.WithDbAsync(db => db.ActivityReports.Where(r => r.PartnershipId == partnershipId && r.IsRestricted == restricted)
            .Select(r => (int?)r.Id).FirstOrDefaultAsync());
        if (existing is { } found) return (found, await MarkerAsync(found));
        var meeting = await App.WithDbAsync(db => db.Meetings.Where(m => m.Board!.PartnershipId == partnershipId).OrderBy(m => m.StartsAt).Select(m => m.Id).FirstAsync());
        var drafted = await Services.GetRequiredService<ActivityReportService>().DraftAsync(partnershipId, meeting, restricted, await App.ActorAsync("coordinator@safermk.example"));
        var id = drafted.Id ?? throw new InvalidOperationException(drafted.Message);
        return (id, await MarkerAsync(id));
    }

    /// <summary>Words only this report carries: the start of its longest section.</summary>
    private async Task<string> MarkerAsync(int reportId)
    {
        var body = (await App.WithDbAsync(db => db.ActivityReportSections.Where(s => s.ActivityReportId == reportId).Select(s => s.Body).ToListAsync()))
            .OrderByDescending(b => b.Length).First();
        return body[..Math.Min(40, body.Length)];
    }
}

internal static class RenderedComponentExtensions
{
    public static IRenderedComponent<IComponent> As<T>(this IRenderedComponent<T> cut) where T : IComponent => (IRenderedComponent<IComponent>)cut;
}
