using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunitySafety.Web.Features.Reminders;

/// <summary>
/// The daily digest: a person's milestone reminders and overdue notices in one email, each overdue action with a link
/// for its lead to post an update.
/// </summary>
public sealed class DigestComposer(
    TimeProvider time, UpdateLinkStatusUpdates updateLinks, IOptions<EmailOptions> emailOptions, IServiceProvider services, ILoggerFactory loggerFactory)
    : IReminderEmailComposer
{
    public bool Writes(ReminderItemType itemType) => itemType is ReminderItemType.Milestone or ReminderItemType.Action;

    public string GroupKey(ReminderNotice notice) => "digest";

    public async Task<ComposedEmail?> ComposeAsync(AppDbContext db, Person person, IReadOnlyList<ReminderNotice> notices, bool personIsCleared, CancellationToken ct)
    {
        var items = await BuildItemsAsync(db, person, notices, personIsCleared, ct);
        if (items.Count == 0) return null;
        var digest = new ReminderDigest(person.Name, person.Partnership!.Name, time.Today(), items.Select(i => i.Item).ToList(),
            $"{emailOptions.Value.LinkBaseUrl.TrimEnd('/')}/me/reminders");
        return new ComposedEmail(digest.Subject, digest.PlainText(), await RenderHtmlAsync(digest), items.Select(i => i.Link).OfType<IRevocableLink>().ToList());
    }

    private async Task<List<(DigestItem Item, UpdateLink? Link)>> BuildItemsAsync(
        AppDbContext db, Person person, IReadOnlyList<ReminderNotice> notices, bool cleared, CancellationToken ct)
    {
        var baseUrl = $"{emailOptions.Value.LinkBaseUrl.TrimEnd('/')}/p/{person.Partnership!.Slug}";
        var today = time.Today();
        var milestoneIds = notices.Where(n => n.ItemType == ReminderItemType.Milestone).Select(n => n.ItemId).ToList();
        var actionIds = notices.Where(n => n.ItemType == ReminderItemType.Action).Select(n => n.ItemId).ToList();
        var milestones = await db.Milestones.AsNoTracking().Include(m => m.SignOffBoard)
            .Where(m => milestoneIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var actions = await db.Actions.AsNoTracking().Include(a => a.Board).Include(a => a.LeadPerson)
            .Where(a => actionIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);

        var items = new List<(DigestItem, UpdateLink?)>();
        foreach (var n in notices)
        {
            if (n.ItemType == ReminderItemType.Milestone)
            {
                if (!milestones.TryGetValue(n.ItemId, out var m) || m.IsComplete || m.DueDate != n.DueDate || (m.IsRestricted && !cleared))
                {
                    n.Status = ReminderStatus.Withdrawn;
                    continue;
                }

                items.Add((new DigestItem(n.Kind, m.Title, null, m.DueDate, $"{baseUrl}/calendar#milestone-{m.Id}", null, m.SignOffBoard?.Name, null), null));
            }
            else
            {
                if (!actions.TryGetValue(n.ItemId, out var a) || !a.IsOverdueOn(today) || a.DueDate != n.DueDate || (a.IsRestricted && !cleared))
                {
                    n.Status = ReminderStatus.Withdrawn;
                    continue;
                }

                string? update = null;
                UpdateLink? link = null;
                if (n.Kind == ReminderKind.ActionOverdue && a.LeadPersonId == person.Id)
                {
                    (var token, link) = updateLinks.Issue(db, a.Id, person.Id);
                    update = $"{emailOptions.Value.LinkBaseUrl.TrimEnd('/')}/update/{token}";
                }

                items.Add((new DigestItem(n.Kind, a.Title, a.Reference, a.DueDate!.Value, $"{baseUrl}/actions/{a.Id}", update, a.Board?.Name, a.LeadPerson?.Name), link));
            }
        }

        return items;
    }

    private Task<string> RenderHtmlAsync(ReminderDigest digest) =>
        EmailHtml.RenderAsync<ReminderDigestEmail>(services, loggerFactory, new Dictionary<string, object?> { [nameof(ReminderDigestEmail.Digest)] = digest });
}
