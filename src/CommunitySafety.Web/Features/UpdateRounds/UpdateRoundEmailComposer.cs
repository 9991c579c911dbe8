using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunitySafety.Web.Features.UpdateRounds;

/// <summary>
/// Writes the update round emails from the ledger: to an owner, their actions in the round with a new personal link
/// (requests and chasers for one round go as one email); to the coordinator and the chair, the list of who has not
/// answered. What is true when it is written counts: a closed round, a moved deadline, an owner who has answered
/// since, or an action they may no longer see withdraws the notice instead.
/// </summary>
public sealed class UpdateRoundEmailComposer(TimeProvider time, IOptions<EmailOptions> emailOptions, IServiceProvider services, ILoggerFactory loggerFactory)
    : IReminderEmailComposer
{
    public bool Writes(ReminderItemType itemType) => itemType == ReminderItemType.UpdateRound;

    public string GroupKey(ReminderNotice notice) => notice.Kind == ReminderKind.RoundNotAnswered ? $"round-{notice.ItemId}-report" : $"round-{notice.ItemId}-owner";

    public async Task<ComposedEmail?> ComposeAsync(AppDbContext db, Person person, IReadOnlyList<ReminderNotice> notices, bool personIsCleared, CancellationToken ct)
    {
        var round = await db.UpdateRounds.AsNoTracking().Include(r => r.Board).Include(r => r.Meeting).SingleOrDefaultAsync(r => r.Id == notices[0].ItemId, ct);
        if (round is null || round.IsClosedAt(time.GetUtcNow().UtcDateTime, round.Meeting!.StartsAt)) return Withdraw(notices);
        // A chaser or list for a deadline since moved is replaced by those for the new date.
        foreach (var n in notices.Where(n => n.Kind != ReminderKind.RoundRequest && n.DueDate != round.Deadline)) n.Status = ReminderStatus.Withdrawn;
        var live = notices.Where(n => n.Status == ReminderStatus.Pending).ToList();
        if (live.Count == 0) return null;

        var baseUrl = emailOptions.Value.LinkBaseUrl.TrimEnd('/');
        if (live[0].Kind == ReminderKind.RoundNotAnswered)
        {
            var missing = await NotAnsweredAsync(db, round, personIsCleared, ct);
            if (missing.Count == 0) return Withdraw(live);
            return await WriteAsync(new UpdateRoundEmail(RoundEmailKind.NotAnswered, person.Name, person.Partnership!.Name, round.Board!.Name,
                round.Meeting.StartsAt, round.Deadline, time.Today(), missing, $"{baseUrl}/p/{person.Partnership.Slug}/rounds/{round.Id}"), []);
        }

        var actions = await UpdateRoundAccess.ActionsForAsync(db, round.Id, person.Id, ct);
        var rows = await RowsAsync(db, actions, round, ct);
        var kind = live.Any(n => n.Kind == ReminderKind.RoundRequest) ? RoundEmailKind.Request : RoundEmailKind.Chaser;
        if (rows.Count == 0 || (kind == RoundEmailKind.Chaser && rows.All(r => r.Answered))) return Withdraw(live);

        var (token, hash) = SecretTokens.New();
        var link = new UpdateRoundLink { UpdateRoundId = round.Id, PersonId = person.Id, TokenHash = hash, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.UpdateRoundLinks.Add(link);
        return await WriteAsync(new UpdateRoundEmail(kind, person.Name, person.Partnership!.Name, round.Board!.Name, round.Meeting.StartsAt,
            round.Deadline, time.Today(), rows, $"{baseUrl}/round/{token}"), [link]);
    }

    private static ComposedEmail? Withdraw(IEnumerable<ReminderNotice> notices)
    {
        foreach (var n in notices) n.Status = ReminderStatus.Withdrawn;
        return null;
    }

    private async Task<ComposedEmail> WriteAsync(UpdateRoundEmail email, IReadOnlyList<IRevocableLink> links) =>
        new(email.Subject, email.PlainText(),
            await EmailHtml.RenderAsync<UpdateRoundEmailHtml>(services, loggerFactory, new Dictionary<string, object?> { [nameof(UpdateRoundEmailHtml.Email)] = email }),
            links);

    private static async Task<List<RoundEmailAction>> RowsAsync(AppDbContext db, List<Action> actions, UpdateRound round, CancellationToken ct)
    {
        var ids = actions.Select(a => a.Id).ToList();
        var latest = await LatestCommentaryAsync(db, ids, ct);
        return actions.Select(a => new RoundEmailAction(a.Reference, a.Title, a.Rag, a.Status, a.ProgressPercent, a.DueDate,
            latest.GetValueOrDefault(a.Id), a.LastUpdatedAt, UpdateRoundRules.IsAnswered(a.LastUpdatedAt, round.OpenedAt))).ToList();
    }

    /// <summary>Every action of the round not yet answered, with its owners; restricted ones only for someone cleared.</summary>
    private static async Task<List<RoundEmailAction>> NotAnsweredAsync(AppDbContext db, UpdateRound round, bool cleared, CancellationToken ct)
    {
        var actions = await db.Actions.AsNoTracking()
            .Where(a => db.UpdateRoundActions.Any(x => x.UpdateRoundId == round.Id && x.ActionId == a.Id) && (cleared || !a.IsRestricted))
            .Where(a => a.LastUpdatedAt == null || a.LastUpdatedAt < round.OpenedAt)
            .OrderBy(a => a.Reference)
            .Select(a => new { Action = a, Lead = a.LeadPerson!.Name, Deputy = a.DeputyPerson!.Name, Organisation = a.LeadOrganisation!.Name })
            .ToListAsync(ct);
        var latest = await LatestCommentaryAsync(db, actions.Select(a => a.Action.Id).ToList(), ct);
        return actions.Select(x => new RoundEmailAction(x.Action.Reference, x.Action.Title, x.Action.Rag, x.Action.Status, x.Action.ProgressPercent,
            x.Action.DueDate, latest.GetValueOrDefault(x.Action.Id), x.Action.LastUpdatedAt, Answered: false,
            string.Join(" and ", new[] { x.Lead, x.Deputy }.OfType<string>().Distinct()) is { Length: > 0 } who ? who : "no owner named", x.Organisation)).ToList();
    }

    private static async Task<Dictionary<int, string?>> LatestCommentaryAsync(AppDbContext db, List<int> actionIds, CancellationToken ct) =>
        await db.Actions.AsNoTracking().Where(a => actionIds.Contains(a.Id))
            .Select(a => new { a.Id, Commentary = a.StatusUpdates.OrderByDescending(u => u.RecordedAt).ThenByDescending(u => u.Id).Select(u => u.Commentary).FirstOrDefault() })
            .ToDictionaryAsync(a => a.Id, a => a.Commentary, ct);
}
