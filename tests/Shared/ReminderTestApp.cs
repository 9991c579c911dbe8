using CommunitySafety.Web.Features.Reminders;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Tests;

/// <summary>The test app sending its reminders to a real SMTP server on 127.0.0.1, or (with none) to a pickup folder.</summary>
public class ReminderTestApp : TestApp
{
    private readonly SmtpTestServer? smtp;

    public ReminderTestApp(SmtpTestServer? smtp) => this.smtp = smtp;

    /// <summary>On a database another app used before (a restart): left for the caller to dispose unless owned.</summary>
    public ReminderTestApp(SmtpTestServer? smtp, TestDatabase database, bool ownsDatabase)
        : base(database, ownsDatabase) => this.smtp = smtp;

    public const string BaseUrl = "https://reminders.test";

    /// <summary>How long the mail client waits for the server's answer.</summary>
    public int SmtpTimeoutSeconds { get; init; } = 5;

    public string PickupFolder { get; } = Path.Combine(Path.GetTempPath(), "communitysafety-tests", $"mail-{Guid.NewGuid():N}");

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string>
        {
            ["Email:PickupFolder"] = PickupFolder,
            ["Email:LinkBaseUrl"] = BaseUrl,
            ["Email:From"] = "SaferMK reminders <reminders@safermk.example>",
        };
        if (smtp is not null)
        {
            settings["Email:Smtp:Host"] = "127.0.0.1";
            settings["Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Email:Smtp:Security"] = "None";
            settings["Email:Smtp:TimeoutSeconds"] = SmtpTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// <summary>What the daily Hangfire job does: scan, then sweep. Returns how many reminders went.</summary>
    public async Task<int> RunScanAndSendsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReminderScanner>().ScanAsync();
        return (await scope.ServiceProvider.GetRequiredService<ReminderSweep>().RunAsync()).Sent;
    }

    /// <summary>What each instance does every few minutes: release dead holds, send what is due.</summary>
    public Task<SweepResult> SweepAsync() => WithServiceAsync<ReminderSweep, SweepResult>(s => s.RunAsync());

    public async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(PickupFolder)) Directory.Delete(PickupFolder, recursive: true);
    }
}

/// <summary>As a class fixture: no SMTP server, so messages land in the pickup folder.</summary>
public sealed class PickupReminderTestApp() : ReminderTestApp(null);
