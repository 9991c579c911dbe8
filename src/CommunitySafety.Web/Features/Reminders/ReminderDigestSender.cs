using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CommunitySafety.Web.Features.Reminders;

/// <summary>Hands a person's digest to the background job system; the Hangfire wiring in Jobs/ implements it.</summary>
public interface IReminderDispatch
{
    void EnqueueDigest(int personId);
}

public sealed class ReminderSendFailedException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Sends one person everything waiting for them in the ledger as a single digest. Notices are claimed first, so two
/// send jobs (or two instances) never send the same one; a failed send leaves them waiting for the retry, and after
/// <see cref="MaxAttempts"/> failures they are marked failed for the coordinators to see.
/// </summary>
public sealed class ReminderDigestSender(
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider time,
    ReminderMailer mailer,
    UpdateLinkStatusUpdates updateLinks,
    IOptions<EmailOptions> emailOptions,
    IServiceProvider services,
    ILoggerFactory loggerFactory)
{
    /// <summary>Matches the Hangfire retries on the send job: the first try and four more.</summary>
    public const int MaxAttempts = 5;

    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(15);

    /// <summary>Returns how many reminders went; throws <see cref="ReminderSendFailedException"/> when the send should be retried.</summary>
    public async Task<int> SendAsync(int personId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claim = Guid.NewGuid();
        var stale = now - ClaimTimeout;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var claimed = await db.ReminderNotices
            .Where(n => n.RecipientPersonId == personId && n.Status == ReminderStatus.Pending && (n.ClaimedBy == null || n.ClaimedAt < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ClaimedBy, claim).SetProperty(n => n.ClaimedAt, now), ct);
        if (claimed == 0) return 0;

        var notices = await db.ReminderNotices.Where(n => n.ClaimedBy == claim).ToListAsync(ct);
        var person = await db.People.Include(p => p.Partnership).SingleAsync(p => p.Id == personId, ct);
        if (string.IsNullOrWhiteSpace(person.Email) || !MailboxAddress.TryParse(person.Email, out _))
        {
            Finish(notices, ReminderStatus.Failed, $"{person.Name} has no valid email address.");
            await db.SaveChangesAsync(ct);
            return 0;
        }

        var cleared = (await ReminderScanner.ClearedPeopleAsync(db, ct)).Contains(personId);
        var items = await BuildItemsAsync(db, person, notices, cleared, ct);
        var sending = notices.Where(n => n.Status == ReminderStatus.Pending).ToList();
        if (sending.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return 0;
        }

        // The update links must exist before anyone can click them in the email.
        await db.SaveChangesAsync(ct);
        var options = emailOptions.Value;
        var digest = new ReminderDigest(person.Name, person.Partnership!.Name, time.Today(), items.Select(i => i.Item).ToList(),
            $"{options.LinkBaseUrl.TrimEnd('/')}/me/reminders");
        var message = new MimeMessage { Subject = digest.Subject };
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(new MailboxAddress(person.Name, person.Email));
        message.Body = new BodyBuilder { TextBody = digest.PlainText(), HtmlBody = await RenderHtmlAsync(digest) }.ToMessageBody();

        try
        {
            await mailer.SendAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var attempts = sending.Max(n => n.Attempts) + 1;
            var givingUp = attempts >= MaxAttempts;
            foreach (var n in sending)
            {
                n.Attempts++;
                n.LastError = $"{ex.GetType().Name}: {ex.Message}";
                n.ClaimedBy = null;
                if (givingUp) n.Status = ReminderStatus.Failed;
            }

            foreach (var link in items.Select(i => i.Link).OfType<UpdateLink>()) link.RevokedAt = now;
            await db.SaveChangesAsync(CancellationToken.None);
            if (givingUp) return 0;
            throw new ReminderSendFailedException($"Sending {person.Name} their reminders failed (attempt {attempts} of {MaxAttempts}); it will be retried.", ex);
        }

        foreach (var n in sending)
        {
            n.Attempts++;
            n.SentAt = now;
        }

        Finish(sending, ReminderStatus.Sent, null);
        await db.SaveChangesAsync(CancellationToken.None);
        return sending.Count;
    }

    private static void Finish(IEnumerable<ReminderNotice> notices, ReminderStatus status, string? error)
    {
        foreach (var n in notices)
        {
            n.Status = status;
            n.LastError = error;
            n.ClaimedBy = null;
        }
    }

    private async Task<List<(DigestItem Item, UpdateLink? Link)>> BuildItemsAsync(
        AppDbContext db, Person person, List<ReminderNotice> notices, bool cleared, CancellationToken ct)
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
                    Finish([n], ReminderStatus.Withdrawn, null);
                    continue;
                }

                items.Add((new DigestItem(n.Kind, m.Title, null, m.DueDate, $"{baseUrl}/calendar#milestone-{m.Id}", null, m.SignOffBoard?.Name, null), null));
            }
            else
            {
                if (!actions.TryGetValue(n.ItemId, out var a) || !a.IsOverdueOn(today) || a.DueDate != n.DueDate || (a.IsRestricted && !cleared))
                {
                    Finish([n], ReminderStatus.Withdrawn, null);
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

    private async Task<string> RenderHtmlAsync(ReminderDigest digest)
    {
        await using var renderer = new HtmlRenderer(services, loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<ReminderDigestEmail>(
                ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(ReminderDigestEmail.Digest)] = digest }));
            return output.ToHtmlString();
        });
    }
}
