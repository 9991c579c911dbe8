using System.Net;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CommunitySafety.Web.Features.Account;

/// <summary>Identity's token provider for invitations, so an invitation lasts longer than a password reset.</summary>
public sealed class InviteTokenProvider(
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider dataProtectionProvider,
    IOptions<InviteTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<ApplicationUser>> logger)
    : DataProtectorTokenProvider<ApplicationUser>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "Invite";
    public const string Purpose = "SetPassword";
}

public sealed class InviteTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public InviteTokenProviderOptions()
    {
        Name = InviteTokenProvider.ProviderName;
        TokenLifespan = AccountEmails.InviteLifetime;
    }
}

/// <summary>
/// The invitation and password-reset emails. The links carry Identity's own tokens, which include the account's
/// security stamp: setting a password changes the stamp, so each link works once, and not after it expires.
/// </summary>
public sealed class AccountEmails(
    UserManager<ApplicationUser> users,
    ReminderMailer mailer,
    IOptions<EmailOptions> emailOptions,
    IOptions<LocalPasswordOptions> localPasswords,
    IOptions<SingleSignOnOptions> singleSignOn)
{
    public static readonly TimeSpan InviteLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(3);

    private string BaseUrl => emailOptions.Value.LinkBaseUrl.TrimEnd('/');

    public async Task SendInvitationAsync(ApplicationUser user, string partnershipName, string invitedBy, CancellationToken ct = default)
    {
        string subject = $"You have been invited to CommunitySafety ({partnershipName})";
        string body;
        string? link = null;
        if (localPasswords.Value.Enabled)
        {
            var token = await users.GenerateUserTokenAsync(user, InviteTokenProvider.ProviderName, InviteTokenProvider.Purpose);
            link = SetPasswordLink(user, token, "invite");
            body = $"{invitedBy} has made you an account on CommunitySafety, where {partnershipName} keeps its strategy and action plan.\n\n" +
                   $"Choose your password here (the link works once, for {InviteLifetime.Days} days):\n{link}\n\n" +
                   "If you were not expecting this, you can ignore this email.";
        }
        else
        {
            link = BaseUrl + "/account/login";
            body = $"{invitedBy} has made you an account on CommunitySafety, where {partnershipName} keeps its strategy and action plan.\n\n" +
                   $"Sign in with {singleSignOn.Value.DisplayName} here:\n{link}\n\n" +
                   "If you were not expecting this, you can ignore this email.";
        }

        await SendAsync(user, subject, body, link, ct);
    }

    public async Task SendPasswordResetAsync(ApplicationUser user, CancellationToken ct = default)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = SetPasswordLink(user, token, "reset");
        var body = "Someone (probably you, or your coordinator) asked to reset your CommunitySafety password.\n\n" +
                   $"Choose a new password here (the link works once, for {ResetLifetime.TotalHours:0} hours):\n{link}\n\n" +
                   "If you did not ask, ignore this email: your password stays as it is.";
        await SendAsync(user, "Reset your CommunitySafety password", body, link, ct);
    }

    private string SetPasswordLink(ApplicationUser user, string token, string purpose) =>
        $"{BaseUrl}/account/set-password?purpose={purpose}&user={Uri.EscapeDataString(user.Id)}&token={WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(token))}";

    private async Task SendAsync(ApplicationUser user, string subject, string text, string? link, CancellationToken ct)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(MailboxAddress.Parse(emailOptions.Value.From));
        message.To.Add(new MailboxAddress(string.IsNullOrEmpty(user.DisplayName) ? user.Email : user.DisplayName, user.Email ?? throw new InvalidOperationException("The account has no email address.")));
        var html = string.Join("", text.Split("\n\n").Select(p => p == link || p.EndsWith("\n" + link, StringComparison.Ordinal)
            ? $"<p>{WebUtility.HtmlEncode(p[..^link!.Length].TrimEnd())}<br><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(link)}</a></p>"
            : $"<p>{WebUtility.HtmlEncode(p)}</p>"));
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = $"<html><body style=\"font-family: Arial, sans-serif; font-size: 16px;\">{html}</body></html>" }.ToMessageBody();
        // An account email is sent while the person waits, not through the reminder ledger: a failure is theirs to
        // see and to retry from the page.
        var result = await mailer.SendAsync(message, () => { }, ct);
        if (result.Outcome == MailOutcome.NotAccepted) throw new IOException(result.Error ?? "The mail server did not take it.");
        if (result.Outcome == MailOutcome.Unknown) throw new IOException($"the mail server did not confirm it, so it may not arrive: {result.Error}");
    }
}
