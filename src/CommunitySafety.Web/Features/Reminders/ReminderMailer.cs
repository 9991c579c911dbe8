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

/// <summary>What became of one attempt to hand a message to the mail server.</summary>
public enum MailOutcome
{
    /// <summary>The server said it took the message.</summary>
    Accepted,

    /// <summary>The message certainly did not go: no connection, refused, or the server said no.</summary>
    NotAccepted,

    /// <summary>The message went to the server but no answer came back: it may or may not have been taken.</summary>
    Unknown,
}

public sealed record MailResult(MailOutcome Outcome, string? Error = null, bool Permanent = false)
{
    public static readonly MailResult Accepted = new(MailOutcome.Accepted);
}

/// <summary>
/// Sends through MailKit when an SMTP host is configured; otherwise drops .eml files in the pickup folder. It never
/// throws for a failed send: it says whether the message certainly did not go, or whether nobody can know.
/// </summary>
public sealed class ReminderMailer(IOptions<EmailOptions> options, IHostEnvironment environment, TimeProvider time)
{
    /// <param name="handingOver">
    /// Called once, synchronously, as the message itself starts to go to the server (after the server has agreed to
    /// take it), and always before the end of the message is sent: from then on the server may accept it.
    /// </param>
    public async Task<MailResult> SendAsync(MimeMessage message, System.Action handingOver, CancellationToken ct = default)
    {
        var email = options.Value;
        if (string.IsNullOrWhiteSpace(email.Smtp.Host))
        {
            return await WriteToPickupFolderAsync(message, handingOver, ct);
        }

        var progress = new HandOverProgress(handingOver);
        using var client = new SmtpClient { Timeout = email.Smtp.TimeoutSeconds * 1000 };
        var security = email.Smtp.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        try
        {
            await client.ConnectAsync(email.Smtp.Host, email.Smtp.Port, security, ct);
            if (!string.IsNullOrEmpty(email.Smtp.UserName))
            {
                await client.AuthenticateAsync(email.Smtp.UserName, email.Smtp.Password ?? "", ct);
            }

            await client.SendAsync(message, ct, progress);
        }
        catch (SmtpCommandException ex)
        {
            // The server answered, and the answer was no: nothing was taken, whatever stage it refused at.
            return new MailResult(MailOutcome.NotAccepted, $"The mail server refused it ({(int)ex.StatusCode} {ex.Message})", Permanent: (int)ex.StatusCode >= 500);
        }
        catch (Exception ex)
        {
            // A timeout, a dropped connection or a cancel after the message went: the server may have taken it.
            // Before that, nothing the server could deliver had left this process.
            return new MailResult(progress.Started ? MailOutcome.Unknown : MailOutcome.NotAccepted, Describe(ex));
        }

        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or TimeoutException)
        {
            // The server has already said it took the message; a lost goodbye changes nothing.
        }

        return MailResult.Accepted;
    }

    public string PickupFolder => Path.IsPathRooted(options.Value.PickupFolder)
        ? options.Value.PickupFolder
        : Path.Combine(environment.ContentRootPath, options.Value.PickupFolder);

    private async Task<MailResult> WriteToPickupFolderAsync(MimeMessage message, System.Action handingOver, CancellationToken ct)
    {
        Directory.CreateDirectory(PickupFolder);
        var name = $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}";
        var partial = Path.Combine(PickupFolder, name + ".tmp");
        try
        {
            // Written aside then renamed, so a reader of the folder never sees half a message; the rename is the hand-over.
            await message.WriteToAsync(partial, ct);
            handingOver();
            File.Move(partial, Path.Combine(PickupFolder, name + ".eml"));
            return MailResult.Accepted;
        }
        catch (IOException ex)
        {
            File.Delete(partial);
            return new MailResult(MailOutcome.NotAccepted, Describe(ex));
        }
        catch (UnauthorizedAccessException ex)
        {
            return new MailResult(MailOutcome.NotAccepted, Describe(ex));
        }
    }

    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";

    /// <summary>MailKit reports progress only while it writes the message itself, which it does after the DATA command is accepted.</summary>
    private sealed class HandOverProgress(System.Action handingOver) : MailKit.ITransferProgress
    {
        public bool Started { get; private set; }

        public void Report(long bytesTransferred, long totalSize) => Report(bytesTransferred);

        public void Report(long bytesTransferred)
        {
            if (Started) return;
            Started = true;
            handingOver();
        }
    }
}
