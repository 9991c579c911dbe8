using System.Text.RegularExpressions;
using Bunit;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Tests.Reminders;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CommunitySafety.Web.Tests.Components;

/// <summary>The password-free update link in an overdue notice, taken from a real digest in the pickup folder.</summary>
public sealed class UpdateLinkTests(PickupReminderTestApp app) : ComponentTestContext(app), IClassFixture<PickupReminderTestApp>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's select registers services that only dispose asynchronously.</summary>
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private async Task<(string Token, int ActionId)> LinkFromADigestAsync()
    {
        await app.RunScanAndSendsAsync();
        foreach (var file in Directory.GetFiles(app.PickupFolder, "*.eml"))
        {
            var message = MimeMessage.Load(file);
            var match = Regex.Match(message.TextBody ?? "", @"/update/([A-Za-z0-9_-]{43})");
            if (!match.Success || !message.To.Mailboxes.Single().Address.EndsWith("@safermk.example", StringComparison.Ordinal)) continue;
            var token = match.Groups[1].Value;
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)));
            var actionId = await app.WithDbAsync(db => db.UpdateLinks.Where(l => l.TokenHash == hash).Select(l => l.ActionId).SingleAsync());
            return (token, actionId);
        }

        throw new InvalidOperationException("No SaferMK digest carried an update link.");
    }

    private Task<(int Updates, Guid Version, int Uses)> StateAsync(int actionId) => app.WithDbAsync(async db => (
        await db.StatusUpdates.CountAsync(u => u.ActionId == actionId),
        await db.Actions.Where(a => a.Id == actionId).Select(a => a.Version).SingleAsync(),
        await db.UpdateLinkUses.CountAsync()));

    private Task<LinkUpdateResult> PostAsync(string token, Guid version, string commentary = "Partners met on 20 November; the delayed work restarts in December.") =>
        app.WithServiceAsync<UpdateLinkStatusUpdates, LinkUpdateResult>(s => s.PostAsync(token, new LinkUpdateForm
        {
            Status = ActionStatus.InProgress, Rag = RagRating.Amber, ProgressPercent = 60, Commentary = commentary, Version = version,
            RagOverrideReason = "Funding confirmed this week, so the delay is nearly over.",
        }, "127.0.0.1"));

    [Fact]
    public async Task A_link_update_follows_the_same_rules_as_a_signed_in_one()
    {
        await app.RunScanAndSendsAsync();
        var today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);
        var overdueLink = await app.WithDbAsync(db => db.UpdateLinks.Where(l => l.Action!.DueDate < today && l.Action.Status == ActionStatus.InProgress)
            .Select(l => l.Id).FirstAsync());
        var (token, actionId) = await IssueAsync(overdueLink);
        var before = await StateAsync(actionId);

        var result = await app.WithServiceAsync<UpdateLinkStatusUpdates, LinkUpdateResult>(s => s.PostAsync(token, new LinkUpdateForm
        {
            Status = ActionStatus.InProgress, Rag = RagRating.Green, ProgressPercent = 60, Version = before.Version,
            Commentary = "All fine, honestly.",
        }, "127.0.0.1"));

        Assert.False(result.Saved, result.Message);
        Assert.True(result.Errors is not null, result.Message);
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(LinkUpdateForm.RagOverrideReason));
        Assert.Equal(before, await StateAsync(actionId));
    }

    [Fact]
    public async Task Forged_stale_revoked_or_expired_links_change_nothing_and_a_good_one_posts_one_audited_update()
    {
        var (token, actionId) = await LinkFromADigestAsync();
        var before = await StateAsync(actionId);

        var forged = (token[0] == 'A' ? 'B' : 'A') + token[1..];
        foreach (var bad in new[] { forged, token[..20], token + "x", "" })
        {
            var result = await PostAsync(bad, before.Version);
            Assert.False(result.Saved);
            Assert.Equal(LinkState.NotRecognised, result.State);
        }

        Assert.Equal(before, await StateAsync(actionId));

        var stale = await PostAsync(token, Guid.NewGuid());
        Assert.False(stale.Saved);
        Assert.Contains("Someone else updated this action", stale.Message);
        Assert.Equal(before, await StateAsync(actionId));

        var good = await PostAsync(token, before.Version);
        Assert.True(good.Saved, good.Message);
        var after = await StateAsync(actionId);
        Assert.Equal(before.Updates + 1, after.Updates);
        Assert.NotEqual(before.Version, after.Version);
        var audit = await app.WithDbAsync(db => db.UpdateLinkUses.Include(u => u.UpdateLink).OrderBy(u => u.Id).LastAsync());
        var update = await app.WithDbAsync(db => db.StatusUpdates.SingleAsync(u => u.Id == audit.StatusUpdateId));
        Assert.Equal(actionId, audit.UpdateLink!.ActionId);
        Assert.Equal(audit.UpdateLink.PersonId, update.AuthorPersonId);
        Assert.Equal(RagRating.Amber, update.Rag);
        Assert.NotNull(update.SuggestedRag);
        Assert.EndsWith("(by emailed link)", update.AuthorName);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(StatusUpdate) && e.EntityId == update.Id.ToString() && e.UserName == update.AuthorName)));
        Assert.Equal("127.0.0.1", audit.RemoteAddress);
        Assert.Equal(1, audit.UpdateLink.UsedCount);

        // Revoked by a coordinator: refused.
        var coordinator = await app.ActorAsync("coordinator@safermk.example");
        var safermk = await app.PartnershipIdAsync("safermk");
        Assert.Equal(1, await app.WithServiceAsync<UpdateLinkStatusUpdates, int>(s => s.RevokeAsync(safermk, audit.UpdateLinkId, coordinator)));
        var revoked = await PostAsync(token, after.Version);
        Assert.Equal(LinkState.Revoked, revoked.State);
        Assert.Equal(after, await StateAsync(actionId));

        // Fifteen days on, another link from the same digest has expired.
        var other = await app.WithDbAsync(db => db.UpdateLinks.Where(l => l.RevokedAt == null).Select(l => l.Id).FirstAsync());
        var (otherToken, otherAction) = await IssueAsync(other);
        var otherBefore = await StateAsync(otherAction);
        app.Clock.Advance(TimeSpan.FromDays(15));
        var expired = await PostAsync(otherToken, otherBefore.Version);
        Assert.Equal(LinkState.Expired, expired.State);
        Assert.Contains("expired", expired.Message);
        Assert.Equal(otherBefore, await StateAsync(otherAction));
    }

    /// <summary>A fresh link for the same action and person as an existing one (its own token is only in the email).</summary>
    private async Task<(string Token, int ActionId)> IssueAsync(int likeLinkId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var like = await db.UpdateLinks.SingleAsync(l => l.Id == likeLinkId);
        var (token, _) = scope.ServiceProvider.GetRequiredService<UpdateLinkStatusUpdates>().Issue(db, like.ActionId, like.PersonId);
        await db.SaveChangesAsync();
        return (token, like.ActionId);
    }

    [Fact]
    public async Task The_update_page_explains_a_forged_link_and_shows_the_form_for_a_good_one()
    {
        AddAuthorization(); // signed out, as a partner lead opening the email
        var forged = Render<UpdateByLink>(p => p.Add(c => c.Token, new string('A', 43)));
        forged.WaitForAssertion(() => Assert.Equal("This link cannot be used", forged.Find("h1").TextContent));
        Assert.Contains("Nothing has been changed", forged.Find("[role=alert]").TextContent);
        Assert.Empty(forged.FindAll("textarea"));

        var link = await app.WithDbAsync(db => db.Actions.Where(a => a.LeadPersonId != null && a.Priority!.Strategy!.Partnership!.Slug == "safermk")
            .Select(a => new { a.Id, a.Reference, Lead = a.LeadPersonId!.Value }).FirstAsync());
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            token = scope.ServiceProvider.GetRequiredService<UpdateLinkStatusUpdates>().Issue(db, link.Id, link.Lead).Token;
            await db.SaveChangesAsync();
        }

        // One page at a time, as in the browser: each brings its own MudBlazor popover provider.
        await DisposeComponentsAsync();
        var page = Render<UpdateByLink>(p => p.Add(c => c.Token, token));
        page.WaitForAssertion(() => Assert.Contains(link.Reference, page.Find("h1").TextContent));
        Assert.Contains("What has happened since the last update", page.Markup);
        Assert.Contains("Post the update", page.Markup);
    }
}
