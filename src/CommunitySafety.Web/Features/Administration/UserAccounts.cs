using System.Security.Claims;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Account;
using CommunitySafety.Web.Security;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Administration;

public sealed record UserAccountRow(
    string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, int? PartnershipId, string? Partnership, int? PersonId, string? Person,
    bool Cleared, bool LockedOut, bool Disabled, bool Invited, bool TwoFactor, DateTime? LastSignInAt);

/// <summary>The outcome of an account change: errors by field, or a message to show.</summary>
public sealed record AccountResult(IReadOnlyList<ValidationFailure> Errors, string? Message = null)
{
    public bool Succeeded => Errors.Count == 0;

    public static AccountResult Ok(string message) => new([], message);

    public static AccountResult Refused(string message) => new([new ValidationFailure("", message)]);
}

/// <summary>
/// Accounts and their rights. Administrators manage every account; a coordinator manages the accounts of their own
/// partnership, but never grants or touches the Administrator role. Nobody changes their own rights, and only a
/// cleared user grants clearance. A change of rights, or a disable, moves the account's security stamp on, so open
/// pages and cookies lose the old rights within a minute, and withdraws the links and feeds the account no longer
/// qualifies for. Every change is written to the audit log in the same transaction.
/// </summary>
public sealed class UserAccounts(
    IServiceScopeFactory scopes,
    IValidator<UserAccountForm> validator,
    TimeProvider time,
    ILogger<UserAccounts> log)
{
    public async Task<IReadOnlyList<UserAccountRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator && !(actor.IsCoordinator && actor.PartnershipId is not null)) return [];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = db.Users.AsNoTracking();
        if (!actor.IsAdministrator) users = users.Where(u => u.PartnershipId == actor.PartnershipId);
        var rows = await (
            from u in users
            join p in db.Partnerships on u.PartnershipId equals p.Id into ps
            from p in ps.DefaultIfEmpty()
            join person in db.People on u.PersonId equals person.Id into people
            from person in people.DefaultIfEmpty()
            orderby u.Email
            select new
            {
                u.Id, u.Email, u.DisplayName, u.PartnershipId, Partnership = p == null ? null : p.Name, u.PersonId, Person = person == null ? null : person.Name,
                u.LockoutEnd, u.DisabledAt, u.InvitedAt, u.TwoFactorEnabled, u.LastSignInAt, HasPassword = u.PasswordHash != null,
                Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
                Cleared = db.UserClaims.Any(c => c.UserId == u.Id && c.ClaimType == AppClaims.Cleared && c.ClaimValue == "true"),
            }).ToListAsync(ct);
        var now = time.GetUtcNow();
        return rows
            .Where(r => actor.IsAdministrator || !r.Roles.Contains(AppRoles.Administrator))
            .Select(r => new UserAccountRow(r.Id, r.Email ?? "", r.DisplayName, Ordered(r.Roles), r.PartnershipId, r.Partnership, r.PersonId, r.Person, r.Cleared,
                r.LockoutEnd is { } end && end > now, r.DisabledAt is not null, r.InvitedAt is not null && !r.HasPassword, r.TwoFactorEnabled, r.LastSignInAt))
            .ToList();
    }

    /// <summary>Creates the account without a password and emails a link to choose one.</summary>
    public async Task<AccountResult> InviteAsync(Actor actor, UserAccountForm form, CancellationToken ct = default)
    {
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid) return new AccountResult(validation.Errors);
        if (Forbidden(actor, null, form) is { } refusal) return AccountResult.Refused(refusal);

        await using var work = Work.Open(scopes);
        var (sp, db, users) = (work.Services, work.Db, work.Users);
        if (await CheckReferencesAsync(db, form, ct) is { } bad) return new AccountResult([bad]);

        var email = form.Email.Trim();
        var user = new ApplicationUser
        {
            UserName = email, Email = email, DisplayName = form.DisplayName.Trim(), PartnershipId = PartnershipOf(form), PersonId = form.PersonId,
            InvitedAt = time.GetUtcNow().UtcDateTime,
        };
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var result = await users.CreateAsync(user);
            if (!result.Succeeded)
            {
                return new AccountResult(result.Errors.Select(e => new ValidationFailure(
                    nameof(UserAccountForm.Email), e.Code is "DuplicateEmail" or "DuplicateUserName" ? "An account with that email address exists already." : e.Description)).ToList());
            }

            Check(await users.AddToRolesAsync(user, form.Roles.Distinct()));
            if (form.Cleared) Check(await users.AddClaimAsync(user, new Claim(AppClaims.Cleared, "true")));
            AccountAudit.Add(db, AuditAuthor.Of(actor), user.Id, AuditOperation.Create, null, Snapshot(user, form.Roles, form.Cleared) with { Event = "Invited" }, Now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        return await SendInvitationAsync(sp, user, actor, $"Account {email} made and invited by email.", ct);
    }

    public async Task<AccountResult> UpdateAsync(Actor actor, string userId, UserAccountForm form, CancellationToken ct = default)
    {
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid) return new AccountResult(validation.Errors);

        await using var work = Work.Open(scopes);
        var (sp, db, users) = (work.Services, work.Db, work.Users);
        var user = await users.FindByIdAsync(userId);
        if (user is null) return AccountResult.Refused("That account does not exist.");
        var before = await StateAsync(users, user);
        if (Forbidden(actor, before, form) is { } refusal) return AccountResult.Refused(refusal);
        if (await CheckReferencesAsync(db, form, ct) is { } bad) return new AccountResult([bad]);

        var self = user.Id == actor.UserId;
        var roles = form.Roles.Distinct().ToHashSet();
        var rightsChanged = !roles.SetEquals(before.Roles) || form.Cleared != before.Cleared
                            || PartnershipOf(form) != user.PartnershipId || form.PersonId != user.PersonId;
        if (self && rightsChanged) return AccountResult.Refused("You cannot change your own roles, clearance, partnership or person: ask another administrator or coordinator.");

        var oldSnapshot = Snapshot(user, before.Roles, before.Cleared);
        var newEmail = form.Email.Trim();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!string.Equals(user.Email, newEmail, StringComparison.OrdinalIgnoreCase) || user.Email != newEmail)
        {
            var emailSet = await users.SetEmailAsync(user, newEmail);
            if (emailSet.Succeeded) emailSet = await users.SetUserNameAsync(user, newEmail);
            if (!emailSet.Succeeded)
            {
                return new AccountResult([new ValidationFailure(nameof(UserAccountForm.Email), emailSet.Errors.Any(e => e.Code.StartsWith("Duplicate", StringComparison.Ordinal))
                    ? "An account with that email address exists already." : string.Join(" ", emailSet.Errors.Select(e => e.Description)))]);
            }
        }

        var oldPartnership = user.PartnershipId;
        var oldPerson = user.PersonId;
        user.DisplayName = form.DisplayName.Trim();
        user.PartnershipId = PartnershipOf(form);
        user.PersonId = form.PersonId;
        Check(await users.UpdateAsync(user));
        Check(await users.RemoveFromRolesAsync(user, before.Roles.Except(roles)));
        Check(await users.AddToRolesAsync(user, roles.Except(before.Roles)));
        if (before.Cleared && !form.Cleared) Check(await users.RemoveClaimsAsync(user, (await users.GetClaimsAsync(user)).Where(c => c.Type == AppClaims.Cleared)));
        if (!before.Cleared && form.Cleared) Check(await users.AddClaimAsync(user, new Claim(AppClaims.Cleared, "true")));

        var revoked = 0;
        if (rightsChanged)
        {
            Check(await users.UpdateSecurityStampAsync(user));
            var canReadPlan = roles.Overlaps([AppRoles.Administrator, AppRoles.Coordinator, AppRoles.PartnerLead, AppRoles.BoardMember]);
            revoked += await RevokeFeedsAsync(db, user.Id, all: oldPartnership != user.PartnershipId,
                partnershipFeeds: !canReadPlan, personFeeds: oldPerson != user.PersonId, ct);
            if (before.Cleared && !form.Cleared && oldPerson is { } person) revoked += await RevokeRestrictedLinksAsync(db, person, ct);
        }

        AccountAudit.Add(db, AuditAuthor.Of(actor), user.Id, AuditOperation.Change, oldSnapshot, Snapshot(user, roles, form.Cleared) with { Revoked = revoked }, Now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("{Actor} changed account {UserId}; rights changed: {Rights}; {Revoked} links and feeds withdrawn", actor.UserId, user.Id, rightsChanged, revoked);
        return AccountResult.Ok(rightsChanged
            ? $"Saved. {user.Email}'s open pages take the change within a minute{(revoked > 0 ? $"; {revoked} of their links and calendar feeds were withdrawn" : "")}."
            : "Saved.");
    }

    public async Task<AccountResult> SetDisabledAsync(Actor actor, string userId, bool disabled, CancellationToken ct = default)
    {
        await using var work = Work.Open(scopes);
        var (sp, db, users) = (work.Services, work.Db, work.Users);
        var user = await users.FindByIdAsync(userId);
        if (user is null) return AccountResult.Refused("That account does not exist.");
        var state = await StateAsync(users, user);
        if (Forbidden(actor, state, null) is { } refusal) return AccountResult.Refused(refusal);
        if (user.Id == actor.UserId) return AccountResult.Refused("You cannot disable your own account.");
        if ((user.DisabledAt is not null) == disabled) return AccountResult.Ok(disabled ? "The account was disabled already." : "The account was enabled already.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = Snapshot(user, state.Roles, state.Cleared);
        user.DisabledAt = disabled ? Now : null;
        Check(await users.UpdateAsync(user));
        Check(await users.UpdateSecurityStampAsync(user));
        var revoked = 0;
        if (disabled)
        {
            revoked += await RevokeFeedsAsync(db, user.Id, all: true, partnershipFeeds: true, personFeeds: true, ct);
            if (user.PersonId is { } person) revoked += await RevokeLinksAsync(db, person, restrictedOnly: false, ct);
        }

        AccountAudit.Add(db, AuditAuthor.Of(actor), user.Id, AuditOperation.Change, before, Snapshot(user, state.Roles, state.Cleared) with { Revoked = revoked }, Now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("{Actor} {Action} account {UserId}", actor.UserId, disabled ? "disabled" : "enabled", user.Id);
        return AccountResult.Ok(disabled
            ? $"{user.Email} is disabled: they cannot sign in, their open pages close within a minute, and their links and calendar feeds are withdrawn."
            : $"{user.Email} can sign in again.");
    }

    /// <summary>Emails a password reset link, or the invitation again to someone who has not yet chosen a password.</summary>
    public async Task<AccountResult> SendPasswordEmailAsync(Actor actor, string userId, CancellationToken ct = default)
    {
        await using var work = Work.Open(scopes);
        var (sp, db, users) = (work.Services, work.Db, work.Users);
        var user = await users.FindByIdAsync(userId);
        if (user is null) return AccountResult.Refused("That account does not exist.");
        if (Forbidden(actor, await StateAsync(users, user), null) is { } refusal) return AccountResult.Refused(refusal);
        if (user.DisabledAt is not null) return AccountResult.Refused("The account is disabled: enable it first.");

        if (!await users.HasPasswordAsync(user))
        {
            user.InvitedAt = Now;
            Check(await users.UpdateAsync(user));
            AccountAudit.Add(db, AuditAuthor.Of(actor), user.Id, AuditOperation.Change, null, new { Event = "Invitation sent again" }, Now);
            await db.SaveChangesAsync(ct);
            return await SendInvitationAsync(sp, user, actor, $"The invitation was sent again to {user.Email}.", ct);
        }

        AccountAudit.Add(db, AuditAuthor.Of(actor), user.Id, AuditOperation.Change, null, new { Event = "Password reset email sent" }, Now);
        await db.SaveChangesAsync(ct);
        try
        {
            await sp.GetRequiredService<AccountEmails>().SendPasswordResetAsync(user, ct);
        }
        catch (Exception ex) when (IsMailFailure(ex))
        {
            log.LogError(ex, "The password reset email for {UserId} could not be sent", user.Id);
            return AccountResult.Refused($"The email could not be sent ({ex.Message}). Try again later.");
        }

        return AccountResult.Ok($"A password reset link was emailed to {user.Email}; it works for 3 hours.");
    }

    /// <summary>The partnership's rule that administrators, coordinators and cleared users sign in in two steps.</summary>
    public async Task<AccountResult> SetRequireTwoFactorAsync(Actor actor, int partnershipId, bool required, CancellationToken ct = default)
    {
        if (!actor.CanEditStrategy(partnershipId)) return AccountResult.Refused("Only the partnership's coordinators and administrators can change this.");
        await using var scope = scopes.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync(actor, ct);
        var partnership = await db.Partnerships.SingleOrDefaultAsync(p => p.Id == partnershipId, ct);
        if (partnership is null) return AccountResult.Refused("That partnership does not exist.");
        partnership.Settings.RequireTwoFactor = required;
        await db.SaveChangesAsync(ct);
        return AccountResult.Ok(required
            ? "Two-step sign-in is now required for administrators, coordinators and cleared users: each is asked to set it up at their next sign-in."
            : "Two-step sign-in is now optional.");
    }

    public async Task<bool> RequiresTwoFactorAsync(int partnershipId, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Partnerships.AnyAsync(p => p.Id == partnershipId && p.Settings.RequireTwoFactor, ct);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// One change's own scope: a fresh context (not the circuit's long-lived one) shared by Identity's user manager,
    /// so the account, its roles and claims, the withdrawn links and the audit entry commit in one transaction.
    /// </summary>
    private sealed class Work(AsyncServiceScope scope) : IAsyncDisposable
    {
        public IServiceProvider Services => scope.ServiceProvider;
        public AppDbContext Db => Services.GetRequiredService<AppDbContext>();
        public UserManager<ApplicationUser> Users => Services.GetRequiredService<UserManager<ApplicationUser>>();

        public static Work Open(IServiceScopeFactory scopes) => new(scopes.CreateAsyncScope());

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }

    private static readonly string[] RoleOrder = AppRoles.All;

    private static IReadOnlyList<string> Ordered(IEnumerable<string> roles) => roles.OrderBy(r => Array.IndexOf(RoleOrder, r)).ToList();

    private static int? PartnershipOf(UserAccountForm form) =>
        form.Roles.Count == 1 && form.Roles[0] == AppRoles.Administrator && form.PartnershipId is null ? null : form.PartnershipId;

    private sealed record AccountState(IReadOnlyList<string> Roles, bool Cleared, int? PartnershipId);

    private static async Task<AccountState> StateAsync(UserManager<ApplicationUser> users, ApplicationUser user) =>
        new((await users.GetRolesAsync(user)).ToList(), (await users.GetClaimsAsync(user)).Any(c => c.Type == AppClaims.Cleared && c.Value == "true"), user.PartnershipId);

    /// <summary>Why this actor may not make this change, or null. <paramref name="target"/> is null for a new account; <paramref name="form"/> null when only the account is touched.</summary>
    private static string? Forbidden(Actor actor, AccountState? target, UserAccountForm? form)
    {
        if (!actor.IsAdministrator)
        {
            if (!actor.IsCoordinator || actor.PartnershipId is null) return "Only administrators and coordinators manage accounts.";
            if (target is not null && (target.PartnershipId != actor.PartnershipId || target.Roles.Contains(AppRoles.Administrator)))
                return "A coordinator manages only the accounts of their own partnership, and not administrators.";
            if (form is not null && form.Roles.Contains(AppRoles.Administrator)) return "Only an administrator can give the Administrator role.";
            if (form is not null && form.PartnershipId != actor.PartnershipId) return "A coordinator can give accounts only their own partnership.";
        }

        if (form is not null && form.Cleared && !(target?.Cleared ?? false) && !actor.IsCleared)
            return "Only a cleared user can clear someone for restricted items.";
        return null;
    }

    private static async Task<ValidationFailure?> CheckReferencesAsync(AppDbContext db, UserAccountForm form, CancellationToken ct)
    {
        if (form.PartnershipId is { } partnershipId && !await db.Partnerships.AnyAsync(p => p.Id == partnershipId, ct))
            return new ValidationFailure(nameof(form.PartnershipId), "Choose a partnership that exists.");
        if (form.PersonId is { } personId && !await db.People.AnyAsync(p => p.Id == personId && p.PartnershipId == form.PartnershipId, ct))
            return new ValidationFailure(nameof(form.PersonId), "Choose a person in that partnership.");
        return null;
    }

    private async Task<AccountResult> SendInvitationAsync(IServiceProvider sp, ApplicationUser user, Actor actor, string done, CancellationToken ct)
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var partnership = user.PartnershipId is { } id ? await db.Partnerships.Where(p => p.Id == id).Select(p => p.Name).SingleAsync(ct) : "every partnership";
        try
        {
            await sp.GetRequiredService<AccountEmails>().SendInvitationAsync(user, partnership, actor.Name, ct);
            return AccountResult.Ok(done);
        }
        catch (Exception ex) when (IsMailFailure(ex))
        {
            log.LogError(ex, "The invitation for {UserId} could not be sent", user.Id);
            return AccountResult.Ok($"The account {user.Email} is made, but the invitation email could not be sent ({ex.Message}). Send it again from the list.");
        }
    }

    private static bool IsMailFailure(Exception ex) =>
        ex is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.CommandException or MailKit.Security.AuthenticationException or TimeoutException;

    private Task<int> RevokeFeedsAsync(AppDbContext db, string userId, bool all, bool partnershipFeeds, bool personFeeds, CancellationToken ct)
    {
        if (!all && !partnershipFeeds && !personFeeds) return Task.FromResult(0);
        var now = Now;
        return db.CalendarFeeds
            .Where(f => f.CreatedByUserId == userId && f.RevokedAt == null
                        && (all || (partnershipFeeds && f.Scope == CalendarFeedScope.Partnership) || (personFeeds && f.Scope == CalendarFeedScope.Person)))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now), ct);
    }

    private Task<int> RevokeRestrictedLinksAsync(AppDbContext db, int personId, CancellationToken ct) => RevokeLinksAsync(db, personId, restrictedOnly: true, ct);

    private Task<int> RevokeLinksAsync(AppDbContext db, int personId, bool restrictedOnly, CancellationToken ct)
    {
        var now = Now;
        return db.UpdateLinks
            .Where(l => l.PersonId == personId && l.RevokedAt == null && l.ExpiresAt > now && (!restrictedOnly || l.Action!.IsRestricted))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), ct);
    }

    private static AccountSnapshot Snapshot(ApplicationUser user, IEnumerable<string> roles, bool cleared) =>
        new(user.Email ?? "", user.DisplayName, Ordered(roles), user.PartnershipId, user.PersonId, cleared, user.DisabledAt is not null);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException("The account change failed: " + string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>What the audit log records of an account: never its password, tokens or keys.</summary>
    private sealed record AccountSnapshot(string Email, string DisplayName, IReadOnlyList<string> Roles, int? PartnershipId, int? PersonId, bool Cleared, bool Disabled)
    {
        public string? Event { get; init; }
        public int? Revoked { get; init; }
    }
}
