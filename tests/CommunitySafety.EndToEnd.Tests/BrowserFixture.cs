using System.Net;
using CommunitySafety.Tests;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>
/// The app on a real Kestrel port, sending its emails to a real SMTP server on 127.0.0.1 with links to that port,
/// and Debian's Chromium driven by Playwright. A missing browser or mail server fails every test with a message
/// saying how to install it; nothing is skipped.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly Lock scanLock = new();
    private IPlaywright? playwright;
    private Task<IReadOnlyList<(string To, MimeKit.MimeMessage Message)>>? scan;

    public BrowserFixture() : this(configure: null)
    {
    }

    /// <summary>For a fixture whose app is configured differently (single sign-on, say).</summary>
    internal BrowserFixture(Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure)
    {
        Smtp = new SmtpTestServer();
        App = new BrowserTestApp(Smtp, LoopbackPort.Free(), ServerLog, configure);
    }

    public SmtpTestServer Smtp { get; }

    /// <summary>What the server logged as an error or a warning with an exception.</summary>
    public ServerLog ServerLog { get; } = new();

    public BrowserTestApp App { get; }

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl => App.Address;

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        App.UseKestrel(o => o.Listen(IPAddress.Loopback, new Uri(App.Address).Port));
        App.StartServer();

        // A loaded CI machine can take several seconds to start a circuit; the default 5 s makes tests flaky, not stricter.
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(playwright);
    }

    /// <summary>Debian's Chromium, headless, with nothing reaching out to the network on its own.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"No Chromium at {ChromiumPath}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH. " +
                "The browser tests do not skip themselves.");
        }

        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
        });
    }

    /// <summary>A page in a fresh browser context: no cookies, no session, as someone opening a link from an email.</summary>
    public Task<IPage> SignedOutPageAsync() => SignedOutPageAsync(Browser, BaseUrl);

    /// <summary>The same for the app at another address (one of several instances, say).</summary>
    public static async Task<IPage> SignedOutPageAsync(IBrowser browser, string baseUrl)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl, Locale = "en-GB", ViewportSize = new() { Width = 1400, Height = 900 }, AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        return page;
    }

    /// <summary>A fresh context signed in through the real sign-in form.</summary>
    public Task<IPage> SignedInPageAsync(string email) => SignedInPageAsync(Browser, BaseUrl, email);

    public static async Task<IPage> SignedInPageAsync(IBrowser browser, string baseUrl, string email)
    {
        var page = await SignedOutPageAsync(browser, baseUrl);
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            // The address, polled: an enhanced navigation changes it without a load event of its own, and when it had
            // already changed before the wait began, Playwright's WaitForURL went on to wait for a load state that an
            // enhanced navigation never gives (a CI run timed out on the home page that way).
            await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"), new() { Timeout = 20_000 });
        }
        catch (PlaywrightException ex)
        {
            // Say what the sign-in page answered, not only that it did not move on.
            var said = await page.Locator("main").InnerTextAsync(new() { Timeout = 2000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(no text)", TaskScheduler.Default);
            throw new TimeoutException($"Signing in {email} at {baseUrl} did not leave the sign-in page; it says: {said}", ex);
        }

        return page;
    }

    /// <summary>
    /// Runs the morning reminder scan and its sends once for the whole collection (a second scan the same day sends
    /// nothing new) and returns what arrived at the SMTP server.
    /// </summary>
    public Task<IReadOnlyList<(string To, MimeKit.MimeMessage Message)>> ReminderEmailsAsync()
    {
        lock (scanLock)
        {
            return scan ??= ScanAsync();
        }

        async Task<IReadOnlyList<(string To, MimeKit.MimeMessage Message)>> ScanAsync()
        {
            Smtp.Clear();
            var sent = await App.RunScanAndSendsAsync();
            if (sent == 0) throw new InvalidOperationException("The reminder scan sent nothing on the sample data.");
            return Smtp.Messages();
        }
    }

    /// <summary>Starts collecting console errors, failed own-asset requests and server errors for a page.</summary>
    public PageWatch Watch(IPage page) => new(page, BaseUrl, ServerLog);

    /// <summary>Waits until the interactive circuit is up, so clicks reach the server.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-circuit-ready], .mud-main-content') !== null");

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await App.DisposeAsync();
        Smtp.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
