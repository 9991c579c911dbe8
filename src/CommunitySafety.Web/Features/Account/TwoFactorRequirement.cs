using CommunitySafety.Web.Data;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QRCoder;

namespace CommunitySafety.Web.Features.Account;

/// <summary>
/// Whether an account must sign in in two steps: when its partnership says so (for an administrator, any
/// partnership), for administrators, coordinators and cleared users. With local passwords switched off, two-step
/// sign-in is the single sign-on provider's job (Entra ID's conditional access), not ours.
/// </summary>
public sealed class TwoFactorRequirement(
    UserManager<ApplicationUser> users,
    IDbContextFactory<AppDbContext> dbFactory,
    IOptions<LocalPasswordOptions> localPasswords,
    TimeProvider time)
{
    public const string Issuer = "CommunitySafety";

    public async Task<bool> AppliesToAsync(ApplicationUser user)
    {
        if (!localPasswords.Value.Enabled) return false;
        var roles = await users.GetRolesAsync(user);
        var claims = await users.GetClaimsAsync(user);
        var privileged = roles.Contains(AppRoles.Administrator) || roles.Contains(AppRoles.Coordinator)
                         || claims.Any(c => c.Type == AppClaims.Cleared && c.Value == "true");
        if (!privileged) return false;
        await using var db = await dbFactory.CreateDbContextAsync();
        return user.PartnershipId is { } partnership
            ? await db.Partnerships.AnyAsync(p => p.Id == partnership && p.Settings.RequireTwoFactor)
            : await db.Partnerships.AnyAsync(p => p.Settings.RequireTwoFactor);
    }

    public async Task<bool> MustEnrolAsync(ApplicationUser user) => !user.TwoFactorEnabled && await AppliesToAsync(user);

    /// <summary>Records a change the person made to their own sign-in, in the audit log under their account.</summary>
    public async Task AuditAsync(ApplicationUser user, string what)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        AccountAudit.Add(db, new AuditAuthor(user.Id, string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? user.Id : user.DisplayName),
            user.Id, Domain.AuditOperation.Change, null, new { Event = what }, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
    }

    public static string QrCodeDataUri(string account, string key)
    {
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }
}
