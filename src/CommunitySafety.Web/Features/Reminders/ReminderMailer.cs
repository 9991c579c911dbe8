using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CommunitySafety.Web.Features.Reminders;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

public sealed class SmtpOptions
{
    /// <summary>No host means no SMTP: messages go to <see cref="EmailOptions.PickupFolder"/> instead.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public int TimeoutSeconds { get; set; } = 30;
}

public sealed class EmailOptions
{
    public string From { get; set; } = "CommunitySafety reminders <reminders@communitysafety.invalid>";

    /// <summary>Where .eml files are written when no SMTP host is set. Relative paths are under the content root.</summary>
    public string PickupFolder { get; set; } = "App_Data/mail";

    /// <summary>The app's public address, for the links in emails.</summary>
    public string LinkBaseUrl { get; set; } = "http://localhost:5080";

    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>Sends through MailKit when an SMTP host is configured; otherwise drops .eml files in the pickup folder.</summary>
public sealed class ReminderMailer(IOptions<EmailOptions> options, IHostEnvironment environment, TimeProvider time)
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct = default)
    {
        var email = options.Value;
        if (string.IsNullOrWhiteSpace(email.Smtp.Host))
        {
            await WriteToPickupFolderAsync(message, email, ct);
            return;
        }

        using var client = new SmtpClient { Timeout = email.Smtp.TimeoutSeconds * 1000 };
        var security = email.Smtp.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(email.Smtp.Host, email.Smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(email.Smtp.UserName))
        {
            await client.AuthenticateAsync(email.Smtp.UserName, email.Smtp.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    public string PickupFolder => Path.IsPathRooted(options.Value.PickupFolder)
        ? options.Value.PickupFolder
        : Path.Combine(environment.ContentRootPath, options.Value.PickupFolder);

    private async Task WriteToPickupFolderAsync(MimeMessage message, EmailOptions email, CancellationToken ct)
    {
        Directory.CreateDirectory(PickupFolder);
        var name = $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}";
        var partial = Path.Combine(PickupFolder, name + ".tmp");
        // Written aside then renamed, so a reader of the folder never sees half a message.
        await message.WriteToAsync(partial, ct);
        File.Move(partial, Path.Combine(PickupFolder, name + ".eml"));
    }
}
