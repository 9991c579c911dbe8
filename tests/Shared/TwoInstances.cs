using System.Globalization;
using CommunitySafety.Web.Data;

namespace CommunitySafety.Tests;

/// <summary>
/// Two app processes on one PostgreSQL database behind the committed nginx configuration, sending email to a real
/// SMTP server: the smallest deployment that has every problem of several instances.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public SmtpTestServer Smtp { get; } = new();

    public TestDatabase Database { get; } = TestDatabase.Seeded();

    public AppProcess A { get; private set; } = default!;

    public AppProcess B { get; private set; } = default!;

    public NginxProcess Nginx { get; private set; } = default!;

    /// <summary>What both instances are started with; a test may add to it for an instance of its own.</summary>
    public Dictionary<string, string> Settings() => new(Database.Settings)
    {
        ["Samples:Path"] = TestApp.SamplesFolder,
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:Smtp:TimeoutSeconds"] = "10",
        ["Email:LinkBaseUrl"] = ReminderTestApp.BaseUrl,
        ["Email:From"] = "SaferMK reminders <reminders@safermk.example>",
        // The daily scan never fires by itself during a test (31 February); tests start it when they mean to.
        ["Reminders:Cron"] = "0 0 31 2 *",
        ["Hangfire:QueuePollInterval"] = "00:00:01",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:CommunitySafety"] = "Information",
    };

    public async Task InitializeAsync()
    {
        if (Database.Provider != DatabaseProvider.PostgreSql)
        {
            throw new InvalidOperationException($"Two instances need PostgreSQL: run these tests with {TestDatabase.ProviderVariable}=PostgreSql (./test.sh does).");
        }

        A = AppProcess.Start(Settings());
        B = AppProcess.Start(Settings());
        await AppProcess.WaitUntilAllHealthyAsync(null, A, B);
        Nginx = await NginxProcess.StartAsync(A.Port, B.Port);
    }

    public Task DisposeAsync()
    {
        Nginx?.Dispose();
        A?.Dispose();
        B?.Dispose();
        Smtp.Dispose();
        Database.Dispose();
        return Task.CompletedTask;
    }
}
