using System.Data.Common;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CommunitySafety.Web.Features;

/// <summary>
/// Wraps every save a person makes, so that a database that cannot be written never throws into their circuit.
/// A storage failure becomes <see cref="SaveOutcome.NotSaved"/>, logged once with what failed; a submission that
/// was already saved (a resubmit, or a commit whose answer was lost) is reported as saved, not saved twice.
/// The page gives each submission its id (<see cref="AppDbContext.SubmissionId"/>), and the save writes a
/// <see cref="SaveReceipt"/> with it in the same transaction.
/// </summary>
public sealed class SaveGuard(IDbContextFactory<AppDbContext> dbFactory, ILogger<SaveGuard> logger)
{
    /// <param name="submission">The id the page gave what the person submitted.</param>
    /// <param name="existingId">The id of the item changed, or 0 for a new one (then found from the audit log).</param>
    /// <param name="what">What is being saved, for the log: "status update of action 12".</param>
    public async Task<SaveResult> RunAsync<TEntity>(Guid submission, int existingId, string what, Actor actor, Func<Task<SaveResult>> save, CancellationToken ct = default)
    {
        try
        {
            if (await EarlierAsync<TEntity>(submission, existingId, actor, ct) is { } earlier) return earlier;
            var result = await save();
            // Two sends of one submission at once (a double press): the one that lost the race is the same change.
            if (result.Outcome == SaveOutcome.Conflict && await EarlierAsync<TEntity>(submission, existingId, actor, ct) is { } same) return same;
            return result;
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            // The failure may have come after the commit, with only the answer lost: then the change is stored.
            if (await EarlierOrNullAsync<TEntity>(submission, existingId, actor) is { } stored)
            {
                logger.LogWarning(ex, "The answer to saving {What} for {User} was lost after the commit; the change is stored (submission {Submission})",
                    what, actor.Name, submission);
                return stored;
            }

            logger.LogError(ex, "Not saved: {What} for {User} ({UserId}), submission {Submission}. The database refused it: {Reason}",
                what, actor.Name, actor.UserId, submission, ex.GetBaseException().Message);
            return SaveResult.NotSaved();
        }
    }

    /// <summary>When this submission was saved, or null if it was not (or not yet): for a page that lost the answer.</summary>
    public async Task<DateTime?> SavedAtAsync(Guid submission, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SaveReceipts.AsNoTracking().Where(r => r.Id == submission).Select(r => (DateTime?)r.SavedAt).SingleOrDefaultAsync(ct);
    }

    /// <summary>A failure of the database or the way to it, as opposed to a bug: worth telling the person, not crashing.</summary>
    public static bool IsStorageFailure(Exception ex) =>
        ex is not DbUpdateConcurrencyException
        && (ex is DbUpdateException or RetryLimitExceededException or DbException or TimeoutException or IOException
            || (ex.InnerException is { } inner && IsStorageFailure(inner)));

    private async Task<SaveResult?> EarlierAsync<TEntity>(Guid submission, int existingId, Actor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var receipt = await db.SaveReceipts.AsNoTracking().SingleOrDefaultAsync(r => r.Id == submission, ct);
        if (receipt is null || receipt.UserId != actor.UserId) return null;
        var id = existingId;
        if (id == 0)
        {
            // The item the submission created: its audit entry carries the submission as its change set.
            var created = await db.AuditEntries.AsNoTracking()
                .Where(e => e.ChangeSetId == submission && e.EntityType == typeof(TEntity).Name && e.Operation == AuditOperation.Create)
                .Select(e => e.EntityId).FirstOrDefaultAsync(ct);
            _ = int.TryParse(created, System.Globalization.CultureInfo.InvariantCulture, out id);
        }

        return new SaveResult(SaveOutcome.Saved, id == 0 ? null : id, Message: "This was already saved; it has not been saved twice.", AlreadySavedAt: receipt.SavedAt);
    }

    private async Task<SaveResult?> EarlierOrNullAsync<TEntity>(Guid submission, int existingId, Actor actor)
    {
        try
        {
            return await EarlierAsync<TEntity>(submission, existingId, actor, CancellationToken.None);
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            return null;
        }
    }
}
