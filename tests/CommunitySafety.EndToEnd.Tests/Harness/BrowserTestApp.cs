using CommunitySafety.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>
/// The reminder test app as a person's browser meets it: on a real Kestrel port, sending to the real SMTP server,
/// with the links in its emails pointing at that port, and its log kept for the tests.
/// </summary>
public sealed class BrowserTestApp(SmtpTestServer smtp, int port, ServerLog log, Action<IWebHostBuilder>? configure = null) : ReminderTestApp(smtp)
{
    public string Address { get; } = $"http://127.0.0.1:{port}";

    /// <summary>Off unless a fault journey switches one on: a database refusing writes, an answer lost after the commit.</summary>
    public DatabaseFaults Faults { get; } = new();

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        base.ConfigureTestServices(builder);
        Faults.AddTo(builder);
        builder.UseSetting("Email:LinkBaseUrl", Address);
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(log));
        configure?.Invoke(builder);
    }
}
