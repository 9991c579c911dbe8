using System.Text;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Features.Reports;
using CommunitySafety.Web.Features.UpdateRounds;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Tests;

/// <summary>
/// The app's own route table (its endpoint data source, not a hand list), and real addresses for its routes filled
/// with ids from the SaferMK sample, so a new page is visited the day it is added.
/// </summary>
public sealed class AppRoutes
{
    private readonly Dictionary<string, string> ids;

    private AppRoutes(Dictionary<string, string> ids) => this.ids = ids;

    public static IReadOnlyList<RouteEndpoint> Endpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    public static bool IsPage(Endpoint endpoint) => endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;

    public static bool IsStaticAsset(Endpoint endpoint) => endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;

    /// <summary>Every routable page, once per route template.</summary>
    public static IReadOnlyList<RouteEndpoint> Pages(IServiceProvider services) =>
        Endpoints(services).Where(IsPage).DistinctBy(e => e.RoutePattern.RawText).OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Picks one real row of each kind a route can name: an unrestricted SaferMK action, risk and milestone, an
    /// activity overview drafted from a sample meeting, and an update link issued to an action's lead.
    /// </summary>
    public static async Task<AppRoutes> FromSampleAsync(TestApp app)
    {
        const string slug = "safermk";
        var partnershipId = await app.PartnershipIdAsync(slug);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var action = await db.Actions.Where(a => a.Priority!.Strategy!.PartnershipId == partnershipId && !a.IsRestricted && a.LeadPersonId != null)
            .OrderBy(a => a.Id).Select(a => new { a.Id, Lead = a.LeadPersonId!.Value }).FirstAsync();
        var risk = await db.Risks.Where(r => r.PartnershipId == partnershipId).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        var milestone = await db.Milestones.Where(m => m.PartnershipId == partnershipId && !m.IsRestricted).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();

        var report = await db.ActivityReports.Where(r => r.PartnershipId == partnershipId && !r.IsRestricted).OrderBy(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync();
        if (report is null)
        {
            var meeting = await db.Meetings.Where(m => m.Board!.PartnershipId == partnershipId && m.Board.Kind == BoardKind.Partnership)
                .OrderBy(m => m.StartsAt).Select(m => m.Id).FirstAsync();
            var drafted = await scope.ServiceProvider.GetRequiredService<ActivityReportService>()
                .DraftAsync(partnershipId, meeting, false, await app.ActorAsync("coordinator@safermk.example"));
            report = drafted.Id ?? throw new InvalidOperationException($"Could not draft an activity overview: {drafted.Message}");
        }

        var (token, _) = scope.ServiceProvider.GetRequiredService<UpdateLinkStatusUpdates>().Issue(db, action.Id, action.Lead);
        await db.SaveChangesAsync();
        var feeds = scope.ServiceProvider.GetRequiredService<CalendarFeeds>();
        var personFeed = await feeds.CreateAsync(await app.ActorAsync("lead.police@safermk.example"), CalendarFeedScope.Person);
        var partnershipFeed = await feeds.CreateAsync(await app.ActorAsync("coordinator@safermk.example"), CalendarFeedScope.Partnership);
        static string FeedToken(string? address) =>
            Path.GetFileNameWithoutExtension(new Uri(address ?? throw new InvalidOperationException("Could not create a calendar feed.")).AbsolutePath);

        var (round, roundToken) = await UpdateRoundAsync(app, scope.ServiceProvider, partnershipId);

        return new AppRoutes(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["slug"] = slug,
            ["actions"] = action.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["risks"] = risk.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["milestones"] = milestone.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["activity"] = report.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["update"] = token,
            ["person"] = FeedToken(personFeed),
            ["partnership"] = FeedToken(partnershipFeed),
            ["rounds"] = round.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["round"] = roundToken,
        });
    }

    /// <summary>An update round of the first board with a meeting to come, and a personal link to it for one of its owners.</summary>
    private static async Task<(int Round, string Token)> UpdateRoundAsync(TestApp app, IServiceProvider services, int partnershipId)
    {
        var coordinator = await app.ActorAsync("coordinator@safermk.example");
        var db = services.GetRequiredService<AppDbContext>();
        var round = await db.UpdateRounds.Where(r => r.PartnershipId == partnershipId).Select(r => (int?)r.Id).FirstOrDefaultAsync();
        if (round is null)
        {
            var setup = await services.GetRequiredService<UpdateRoundQueries>().SetupAsync(partnershipId, coordinator);
            var board = setup.Boards.First(b => setup.DefaultActions(b.Id).Count > 0 && b.Meetings.Any(m => !m.HasRound));
            var meeting = board.Meetings.First(m => !m.HasRound);
            var opened = await services.GetRequiredService<UpdateRoundService>().OpenAsync(partnershipId,
                new RoundRequest(board.Id, meeting.Id, meeting.DefaultDeadline, setup.DefaultActions(board.Id), WillContactUnreachable: true), coordinator);
            round = opened.RoundId ?? throw new InvalidOperationException($"Could not open an update round: {opened.Message}");
        }

        var owner = await db.UpdateRoundActions.Where(x => x.UpdateRoundId == round && x.Action!.LeadPersonId != null && !x.Action.IsRestricted)
            .Select(x => x.Action!.LeadPersonId!.Value).FirstAsync();
        var (token, hash) = SecretTokens.New();
        db.UpdateRoundLinks.Add(new UpdateRoundLink { UpdateRoundId = round.Value, PersonId = owner, TokenHash = hash, CreatedAt = app.Clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
        return (round.Value, token);
    }

    /// <summary>
    /// The address of a route with every parameter filled: {slug} is the partnership, an {id} or {token} is a real
    /// one of whatever the segment before it names (…/actions/{id}, /update/{token}); a catch-all is left empty.
    /// Throws for a parameter it cannot fill, so a new kind of page gets an id here rather than being skipped.
    /// </summary>
    public string Address(RoutePattern pattern)
    {
        var path = new StringBuilder();
        string? previousLiteral = null;
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        path.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        path.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart { IsCatchAll: true }:
                        break;
                    case RoutePatternParameterPart parameter:
                        var key = parameter.Name.Equals("slug", StringComparison.OrdinalIgnoreCase) ? "slug" : previousLiteral;
                        if (key is null || !ids.TryGetValue(key, out var value))
                        {
                            throw new InvalidOperationException(
                                $"The route {pattern.RawText} has a parameter {{{parameter.Name}}} that AppRoutes cannot fill: give it a real id in {nameof(FromSampleAsync)}.");
                        }

                        path.Append(value);
                        break;
                }
            }

            if (segment.Parts is [RoutePatternLiteralPart only]) previousLiteral = only.Content;
        }

        return path.Length == 0 ? "/" : path.ToString();
    }
}
