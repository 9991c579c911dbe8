using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunitySafety.Web.Features.Reminders;

public sealed record CalendarFeedRow(int Id, CalendarFeedScope Scope, DateTime CreatedAt);

/// <summary>
/// iCalendar feeds of milestones and action due dates, per person or per partnership, at secret revocable addresses
/// that Outlook can subscribe to. A feed is read without signing in, so it never carries a restricted item.
/// </summary>
public sealed class CalendarFeeds(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, IOptions<EmailOptions> emailOptions, ILogger<CalendarFeeds> log)
{
    /// <summary>Creates a feed and returns its full address, shown once; null when the user may not have that feed.</summary>
    public async Task<string?> CreateAsync(Actor actor, CalendarFeedScope scope, CancellationToken ct = default)
    {
        if (actor.PartnershipId is not { } partnershipId) return null;
        if (scope == CalendarFeedScope.Person && actor.PersonId is null) return null;
        if (scope == CalendarFeedScope.Partnership && !actor.CanReadActionPlan) return null;
        var (token, hash) = SecretTokens.New();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.CalendarFeeds.Add(new CalendarFeed
        {
            TokenHash = hash, Scope = scope, PartnershipId = partnershipId,
            PersonId = scope == CalendarFeedScope.Person ? actor.PersonId : null,
            CreatedByUserId = actor.UserId, CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        var kind = scope == CalendarFeedScope.Person ? "person" : "partnership";
        return $"{emailOptions.Value.LinkBaseUrl.TrimEnd('/')}/calendar/{kind}/{token}.ics";
    }

    public async Task<IReadOnlyList<CalendarFeedRow>> MineAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CalendarFeeds.Where(f => f.CreatedByUserId == actor.UserId && f.RevokedAt == null)
            .OrderBy(f => f.CreatedAt).Select(f => new CalendarFeedRow(f.Id, f.Scope, f.CreatedAt)).ToListAsync(ct);
    }

    public async Task<bool> RevokeAsync(Actor actor, int feedId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.CalendarFeeds.Where(f => f.Id == feedId && f.CreatedByUserId == actor.UserId && f.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now), ct) == 1;
    }

    /// <summary>The feed as iCalendar text, or null for an unknown, revoked or mismatched token.</summary>
    public async Task<string?> RenderAsync(CalendarFeedScope scope, string? token, CancellationToken ct = default)
    {
        if (SecretTokens.HashOrNull(token) is not { } hash) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var feed = await db.CalendarFeeds.AsNoTracking().SingleOrDefaultAsync(f => f.TokenHash == hash && f.Scope == scope && f.RevokedAt == null, ct);
        if (feed is null) return null;
        var partnership = await db.Partnerships.AsNoTracking().SingleAsync(p => p.Id == feed.PartnershipId, ct);

        var milestones = db.Milestones.AsNoTracking().Where(m => m.PartnershipId == feed.PartnershipId && !m.IsRestricted);
        var actions = db.Actions.AsNoTracking().Where(a => a.Priority!.Strategy!.PartnershipId == feed.PartnershipId && !a.IsRestricted && a.DueDate != null);
        if (feed.PersonId is { } person)
        {
            milestones = milestones.Where(m => m.OwnerId == person);
            actions = actions.Where(a => a.LeadPersonId == person);
        }

        var baseUrl = $"{emailOptions.Value.LinkBaseUrl.TrimEnd('/')}/p/{partnership.Slug}";
        var calendar = new Calendar { ProductId = "-//CommunitySafety//Reminders//EN" };
        calendar.AddProperty("X-WR-CALNAME", feed.PersonId is null ? $"{partnership.Name} calendar" : $"{partnership.Name}: my deadlines");
        foreach (var m in await milestones.OrderBy(m => m.DueDate).ToListAsync(ct))
        {
            Add($"milestone-{m.Id}", m.IsComplete ? $"{m.Title} (done)" : m.Title, m.Description, m.DueDate, $"{baseUrl}/calendar#milestone-{m.Id}");
        }

        foreach (var a in await actions.OrderBy(a => a.DueDate).ToListAsync(ct))
        {
            Add($"action-{a.Id}", $"{a.Reference} due: {a.Title}", a.Description, a.DueDate!.Value, $"{baseUrl}/actions/{a.Id}");
        }

        return new CalendarSerializer().SerializeToString(calendar);

        // One bad row (a date saved before dates were checked, say) costs that event, never the whole feed.
        void Add(string id, string summary, string? description, DateOnly day, string url)
        {
            if (!PlanDates.IsSane(day))
            {
                log.LogWarning("Calendar feed {FeedId} leaves out {Item}: its date {Day} is out of range", feed.Id, id, day);
                return;
            }

            try
            {
                var e = new CalendarEvent
                {
                    Uid = $"{id}@{partnership.Slug}.communitysafety",
                    Summary = summary,
                    Description = description,
                    DtStart = new CalDateTime(day),
                    DtEnd = new CalDateTime(day.AddDays(1)),
                    Url = new Uri(url),
                };
                calendar.Events.Add(e);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
            {
                log.LogWarning(ex, "Calendar feed {FeedId} leaves out {Item}", feed.Id, id);
            }
        }
    }
}

public static class CalendarFeedEndpoints
{
    /// <summary>Anonymous by design (calendar programs cannot sign in): the secret in the address is the key.</summary>
    public static WebApplication MapCalendarFeeds(this WebApplication app)
    {
        app.MapGet("/calendar/person/{token}.ics", (string token, CalendarFeeds feeds, CancellationToken ct) => Serve(feeds, CalendarFeedScope.Person, token, ct)).AllowAnonymous();
        app.MapGet("/calendar/partnership/{token}.ics", (string token, CalendarFeeds feeds, CancellationToken ct) => Serve(feeds, CalendarFeedScope.Partnership, token, ct)).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> Serve(CalendarFeeds feeds, CalendarFeedScope scope, string token, CancellationToken ct) =>
        await feeds.RenderAsync(scope, token, ct) is { } ics
            ? Results.Text(ics, "text/calendar; charset=utf-8")
            : Results.Text("This calendar address is not recognised or has been withdrawn.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
}
