using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Reminders;

public enum LinkAccessResult
{
    Allowed,

    /// <summary>A restricted action: whoever holds the link must first sign in as the cleared person it was sent to.</summary>
    SignInAsCleared,

    /// <summary>Signed in, but not as that person, or that person is not cleared now.</summary>
    NotCleared,
}

/// <summary>
/// The one question every emailed link asks at every use, whatever it was issued for: may the person it was sent to
/// see this action, now? An unrestricted action, yes. A restricted one only when the browser is signed in as that
/// person's account and the account is cleared and enabled in the database at this moment, so a forwarded email
/// discloses nothing and a withdrawn clearance (or an action restricted since) stops the link at once.
/// </summary>
public static class LinkAccess
{
    public static async Task<LinkAccessResult> CheckAsync(AppDbContext db, Action action, int personId, Actor? viewer, CancellationToken ct)
    {
        if (!action.IsRestricted) return LinkAccessResult.Allowed;
        if (viewer is null || string.IsNullOrEmpty(viewer.UserId)) return LinkAccessResult.SignInAsCleared;
        var clearedNow = await db.Users.AnyAsync(u => u.Id == viewer.UserId && u.PersonId == personId && u.DisabledAt == null
                                                      && db.UserClaims.Any(c => c.UserId == u.Id && c.ClaimType == AppClaims.Cleared && c.ClaimValue == "true"), ct);
        return clearedNow ? LinkAccessResult.Allowed : LinkAccessResult.NotCleared;
    }
}
