using System.Net;
using System.Text;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Features.Reports;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Security;

/// <summary>
/// Who may open what, as one table over the app's own route table: every route is in <see cref="Matrix"/>, or the
/// test fails naming it. Each is tried signed out and as every demo account, under both partnerships' addresses, with
/// restricted and unrestricted ids; a page that opens never carries a restricted title to an uncleared account, nor
/// another partnership's titles to anyone but an administrator.
/// </summary>
public sealed class RoleRouteMatrixTests(TestApp app) : IClassFixture<TestApp>
{
    private enum Access
    {
        /// <summary>Anyone, signed out too.</summary>
        Public,

        /// <summary>A step of signing in: open to all, but without its half-finished sign-in it sends back to the sign-in page.</summary>
        SignInStep,

        /// <summary>Anyone holding the secret in the address; tested with its own tokens elsewhere.</summary>
        Secret,

        SignedIn,
        AnyRole,
        ActionPlan,
        UpdateActions,
        EditStrategy,
        ManageAccounts,
        Administer,

        /// <summary>A form post (sign out, start single sign-on): declared, but its checks are the antiforgery token's.</summary>
        Post,
    }

    private static readonly Dictionary<string, Access> Matrix = new(StringComparer.Ordinal)
    {
        ["/"] = Access.AnyRole,
        ["/account/access-denied"] = Access.Public,
        ["/account/forgot-password"] = Access.Public,
        ["/account/login"] = Access.Public,
        ["/account/login-2fa"] = Access.SignInStep,
        ["/account/login-recovery"] = Access.SignInStep,
        ["/account/set-password"] = Access.Public,
        ["/account/external-callback"] = Access.SignInStep,
        ["/account/external-login"] = Access.Post,
        ["/account/logout"] = Access.Post,
        ["/account/two-factor"] = Access.SignedIn,
        ["/admin/audit"] = Access.Administer,
        ["/admin/users"] = Access.ManageAccounts,
        ["/error"] = Access.Public,
        ["/health"] = Access.Public,
        ["/not-found"] = Access.Public,
        ["/me/reminders"] = Access.AnyRole,
        ["/p/{Slug}"] = Access.AnyRole,
        ["/p/{Slug}/actions"] = Access.ActionPlan,
        ["/p/{Slug}/actions/new"] = Access.UpdateActions,
        ["/p/{Slug}/actions/{Id:int}"] = Access.ActionPlan,
        ["/p/{Slug}/actions/{Id:int}/edit"] = Access.UpdateActions,
        ["/p/{Slug}/calendar"] = Access.ActionPlan,
        ["/p/{Slug}/audit"] = Access.EditStrategy,
        ["/p/{Slug}/dashboard"] = Access.ActionPlan,
        ["/p/{Slug}/dashboard/print"] = Access.ActionPlan,
        ["/p/{Slug}/meeting"] = Access.ActionPlan,
        ["/p/{Slug}/export"] = Access.ActionPlan,
        ["/p/{Slug}/import"] = Access.EditStrategy,
        ["/p/{Slug}/milestones"] = Access.ActionPlan,
        ["/p/{Slug}/milestones/new"] = Access.UpdateActions,
        ["/p/{Slug}/milestones/{Id:int}/edit"] = Access.UpdateActions,
        ["/p/{Slug}/outcomes"] = Access.AnyRole,
        ["/p/{Slug}/partners"] = Access.ActionPlan,
        ["/p/{Slug}/reminders/outbox"] = Access.EditStrategy,
        ["/p/{Slug}/reports"] = Access.AnyRole,
        ["/p/{Slug}/reports/activity"] = Access.ActionPlan,
        ["/p/{Slug}/reports/activity/{Id:int}"] = Access.ActionPlan,
        ["/p/{Slug}/reports/annual"] = Access.AnyRole,
        ["/p/{Slug}/risks"] = Access.ActionPlan,
        ["/p/{Slug}/rounds"] = Access.EditStrategy,
        ["/p/{Slug}/rounds/{Id:int}"] = Access.EditStrategy,
        ["/p/{Slug}/risks/new"] = Access.EditStrategy,
        ["/p/{Slug}/risks/{Id:int}/edit"] = Access.EditStrategy,
        ["/p/{Slug}/strategy"] = Access.ActionPlan,
        ["/p/{Slug}/updates"] = Access.UpdateActions,
        ["/p/{slug}/reports/annual.docx"] = Access.AnyRole,
        ["/p/{slug}/reports/activity/{id:int}.docx"] = Access.ActionPlan,
        ["/p/{slug}/export.xlsx"] = Access.ActionPlan,
        ["/update/{Token}"] = Access.Secret,
        ["/round/{Token}"] = Access.Secret,
        ["/calendar/person/{token}.ics"] = Access.Secret,
        ["/calendar/partnership/{token}.ics"] = Access.Secret,
        ["/hangfire/{**path}"] = Access.Administer,
    };

    private static readonly string[] Accounts =
    [
        "admin@safermk.example", "coordinator@safermk.example", "lead.police@safermk.example", "board@safermk.example",
        "cleared.board@safermk.example", "scrutiny@safermk.example", "coordinator@melton.example", "lead.police@melton.example",
        "scrutiny@melton.example",
    ];

    private static bool IsFramework(RouteEndpoint e) =>
        AppRoutes.IsStaticAsset(e) || e.RoutePattern.RawText is not { } raw
        || raw.TrimStart('/').StartsWith("_blazor", StringComparison.Ordinal) || raw.TrimStart('/').StartsWith("_framework/", StringComparison.Ordinal)
        || raw == "{**path:file}" || raw == "/signin-oidc";

    private IReadOnlyList<RouteEndpoint> Routes =>
        AppRoutes.Endpoints(app.Services).Where(e => !IsFramework(e)).DistinctBy(e => e.RoutePattern.RawText).ToList();

    [Fact]
    public void Every_route_of_the_app_is_in_the_matrix()
    {
        var missing = Routes.Select(e => e.RoutePattern.RawText!).Where(r => !Matrix.ContainsKey(r)).ToList();

        Assert.True(missing.Count == 0, "Routes nobody put in the role × route matrix (say who may open them):\n" + string.Join("\n", missing));
        var stale = Matrix.Keys.Where(k => Routes.All(e => e.RoutePattern.RawText != k)).ToList();
        Assert.True(stale.Count == 0, "The matrix names routes the app no longer has:\n" + string.Join("\n", stale));
    }

    private sealed record Principal(string Name, HttpClient Client, Actor? Actor);

    private sealed record PartnershipIds(int Id, string Slug, Dictionary<string, int[]> Ids, List<string> Titles, List<string> RestrictedTitles);

    private async Task<PartnershipIds> IdsAsync(string slug)
    {
        var id = await app.PartnershipIdAsync(slug);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        async Task<int[]> Both<T>(IQueryable<T> rows, Func<IQueryable<T>, bool, IQueryable<int>> pick) =>
            [.. await pick(rows, false).Take(1).ToListAsync(), .. await pick(rows, true).Take(1).ToListAsync()];

        var actions = db.Actions.Where(a => a.Priority!.Strategy!.PartnershipId == id);
        var milestones = db.Milestones.Where(m => m.PartnershipId == id);
        if (!await db.ActivityReports.AnyAsync(r => r.PartnershipId == id && r.IsRestricted))
        {
            var meeting = await db.Meetings.Where(m => m.Board!.PartnershipId == id).OrderBy(m => m.StartsAt).Select(m => m.Id).FirstAsync();
            var coordinator = await app.ActorAsync(slug == "safermk" ? "coordinator@safermk.example" : "coordinator@melton.example");
            await scope.ServiceProvider.GetRequiredService<ActivityReportService>().DraftAsync(id, meeting, true, coordinator);
        }

        var reports = db.ActivityReports.Where(r => r.PartnershipId == id);
        var ids = new Dictionary<string, int[]>
        {
            ["actions"] = await Both(actions, (q, r) => q.Where(a => a.IsRestricted == r).OrderBy(a => a.Id).Select(a => a.Id)),
            ["milestones"] = await Both(milestones, (q, r) => q.Where(m => m.IsRestricted == r).OrderBy(m => m.Id).Select(m => m.Id)),
            ["activity"] = await Both(reports, (q, r) => q.Where(x => x.IsRestricted == r).OrderBy(x => x.Id).Select(x => x.Id)),
            ["risks"] = [await db.Risks.Where(r => r.PartnershipId == id).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync()],
            // The shared samples open no round: an id of none still shows who may reach the page (its answer is "not found").
            ["rounds"] = [await db.UpdateRounds.Where(r => r.PartnershipId == id).OrderBy(r => r.Id).Select(r => r.Id).FirstOrDefaultAsync() is > 0 and var round ? round : 999_999],
        };
        var restricted = (await actions.Where(a => a.IsRestricted).Select(a => a.Title).ToListAsync())
            .Concat(await milestones.Where(m => m.IsRestricted).Select(m => m.Title).ToListAsync())
            .Concat(await db.Outcomes.Where(o => o.Priority!.Strategy!.PartnershipId == id && o.IsRestricted).Select(o => o.Title).ToListAsync()).ToList();
        var open = await actions.Where(a => !a.IsRestricted).Select(a => a.Title).ToListAsync();
        return new PartnershipIds(id, slug, ids, [.. open.Where(t => t.Length > 15)], [.. restricted.Where(t => t.Length > 15 && !open.Contains(t))]);
    }

    /// <summary>Every address for a route: each partnership's slug, and each id (unrestricted, restricted) of the kind the route names.</summary>
    private static IEnumerable<(string Address, PartnershipIds? Partnership, bool Restricted)> Addresses(RoutePattern pattern, IReadOnlyList<PartnershipIds> partnerships, string token)
    {
        if (!pattern.Parameters.Any(p => p.Name.Equals("slug", StringComparison.OrdinalIgnoreCase)))
        {
            yield return (Fill(pattern, null, null, token), null, false);
            yield break;
        }

        foreach (var p in partnerships)
        {
            var kind = KindOf(pattern);
            if (kind is null)
            {
                yield return (Fill(pattern, p, null, token), p, false);
                continue;
            }

            var ids = p.Ids[kind];
            for (var i = 0; i < ids.Length; i++) yield return (Fill(pattern, p, ids[i], token), p, i == 1);
        }
    }

    private static string? KindOf(RoutePattern pattern)
    {
        string? previous = null;
        foreach (var segment in pattern.PathSegments)
        {
            if (segment.Parts is [RoutePatternParameterPart { Name: var name }, ..] && name.Equals("id", StringComparison.OrdinalIgnoreCase)) return previous;
            if (segment.Parts is [RoutePatternLiteralPart literal]) previous = literal.Content;
        }

        return null;
    }

    private static string Fill(RoutePattern pattern, PartnershipIds? partnership, int? id, string token)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart l => l.Content,
                    RoutePatternSeparatorPart s => s.Content,
                    RoutePatternParameterPart { IsCatchAll: true } => "",
                    RoutePatternParameterPart p when p.Name.Equals("slug", StringComparison.OrdinalIgnoreCase) => partnership!.Slug,
                    RoutePatternParameterPart p when p.Name.Equals("id", StringComparison.OrdinalIgnoreCase) => id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    RoutePatternParameterPart => token,
                    _ => "",
                });
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }

    private static bool Allowed(Access access, Actor actor) => access switch
    {
        Access.Public or Access.Secret or Access.SignedIn => true,
        Access.AnyRole => actor.IsAdministrator || actor.IsCoordinator || actor.IsPartnerLead || actor.IsBoardMember || actor.IsScrutinyMember,
        Access.ActionPlan => actor.CanReadActionPlan,
        Access.UpdateActions => actor.IsAdministrator || actor.IsCoordinator || actor.IsPartnerLead,
        Access.EditStrategy or Access.ManageAccounts => actor.IsAdministrator || actor.IsCoordinator,
        Access.Administer => actor.IsAdministrator,
        _ => false,
    };

    [Fact]
    public async Task Every_role_signed_out_and_in_under_both_partnerships_gets_what_the_matrix_says_and_no_more()
    {
        var partnerships = new[] { await IdsAsync("safermk"), await IdsAsync("melton") };
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var action = await db.Actions.Where(a => a.Priority!.Strategy!.PartnershipId == partnerships[0].Id && !a.IsRestricted && a.LeadPersonId != null).FirstAsync();
            token = scope.ServiceProvider.GetRequiredService<UpdateLinkStatusUpdates>().Issue(db, action.Id, action.LeadPersonId!.Value).Token;
            await db.SaveChangesAsync();
        }

        var principals = new List<Principal> { new("signed out", app.CreateClientWithoutRedirects(), null) };
        foreach (var email in Accounts) principals.Add(new(email, await app.SignedInClientAsync(email), await app.ActorAsync(email)));

        var wrong = new List<string>();
        var tried = 0;
        foreach (var route in Routes)
        {
            var access = Matrix[route.RoutePattern.RawText!];
            if (access is Access.Post or Access.Secret) continue;
            foreach (var (address, partnership, restricted) in Addresses(route.RoutePattern, partnerships, token))
            {
                foreach (var who in principals)
                {
                    tried++;
                    var response = await who.Client.GetAsync(address);
                    var status = (int)response.StatusCode;
                    var location = response.Headers.Location?.OriginalString ?? "";
                    var outcome = response.StatusCode == HttpStatusCode.Redirect && location.Contains("/account/login", StringComparison.Ordinal) ? "sign-in"
                        : response.StatusCode == HttpStatusCode.Redirect && location.Contains("/account/access-denied", StringComparison.Ordinal) ? "denied"
                        : response.IsSuccessStatusCode ? "open" : $"{status}";
                    var expected = access == Access.Public ? "open"
                        : access == Access.SignInStep ? "sign-in"
                        : who.Actor is null ? "sign-in"
                        : Allowed(access, who.Actor) ? "open" : "denied";
                    var isDocument = address.EndsWith(".docx", StringComparison.Ordinal) || address.EndsWith(".xlsx", StringComparison.Ordinal);
                    // A Word or Excel download is data itself: only for its own partnership, and no restricted report to the uncleared.
                    if (isDocument && expected == "open" && partnership is not null && who.Actor is { } a
                        && (!a.CanSeePartnership(partnership.Id) || (restricted && !a.IsCleared)))
                    {
                        if (outcome == "open") wrong.Add($"{who.Name} downloaded {address}");
                        continue;
                    }

                    if (outcome != expected && !(expected == "open" && isDocument && outcome is "404"))
                    {
                        wrong.Add($"{who.Name} GET {address}: {outcome}, the matrix says {expected}");
                        continue;
                    }

                    if (outcome != "open" || isDocument) continue;
                    var html = await response.Content.ReadAsStringAsync();
                    foreach (var p in partnerships)
                    {
                        var leaks = (who.Actor?.IsCleared == true ? [] : p.RestrictedTitles)
                            .Concat(who.Actor?.CanSeePartnership(p.Id) == true ? [] : p.Titles)
                            .Where(t => html.Contains(System.Net.WebUtility.HtmlEncode(t), StringComparison.Ordinal)).ToList();
                        if (leaks.Count > 0) wrong.Add($"{who.Name} GET {address} shows {p.Slug}'s \"{leaks[0]}\"");
                    }
                }
            }
        }

        Assert.True(tried > 500, $"Only {tried} requests: is the route table being read?");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {tried} answers differ from the matrix:\n" + string.Join("\n", wrong.Take(60)));
    }
}
