using System.Net;
using System.Text.RegularExpressions;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CommunitySafety.Tests;

/// <summary>
/// The real app on a real database of its own (a SQLite file, or a PostgreSQL database when the run is for
/// PostgreSQL: see <see cref="TestDatabase"/>), with the sample partnerships and demo accounts loaded and the
/// clock fixed at 09:00 on 24 November 2026, so the samples' RAG mix and due dates are the same on every run.
/// </summary>
public class TestApp : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public const string Password = CommunitySafety.Web.Features.Samples.SampleLoader.DemoPassword;

    private readonly bool ownsDatabase;

    public TestApp()
        : this(TestDatabase.Seeded())
    {
    }

    /// <summary>On a given database (an empty one, to test a first start); disposed with the app when owned.</summary>
    protected internal TestApp(TestDatabase database, bool ownsDatabase = true)
    {
        Database = database;
        this.ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; } = new(Now);

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommunitySafety.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Cannot find CommunitySafety.sln above " + AppContext.BaseDirectory);
        }
    }

    public static string SamplesFolder => Path.Combine(RepositoryRoot, "samples");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // UseSetting, not ConfigureAppConfiguration: Program reads these while registering services, before the
        // factory's configuration callbacks would run.
        foreach (var (key, value) in new Dictionary<string, string>(Database.Settings)
        {
            ["Samples:Path"] = SamplesFolder,
            ["Samples:LoadOnStartup"] = "true",
            ["Samples:CreateDemoAccounts"] = "true",
            // Tests call the reminder scan and sends themselves; a Hangfire server would run them on the wall clock.
            ["Hangfire:ServerEnabled"] = "false",
            // Open pages check their account every 5 seconds rather than every minute, so a test of a withdrawn
            // clearance need not wait a minute.
            ["Authentication:RevalidationSeconds"] = "5",
        })
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // A browser test that fails on a console error then names the server's exception, not only "There was an
            // exception invoking 'DispatchEventAsync'" (seen once in the keyboard journey on PostgreSQL, cause unknown).
            services.Configure<Microsoft.AspNetCore.Components.Server.CircuitOptions>(o => o.DetailedErrors = true);
        });
        ConfigureTestServices(builder);
    }

    /// <summary>For fixtures that need more (an SMTP server, say).</summary>
    protected virtual void ConfigureTestServices(IWebHostBuilder builder)
    {
    }

    public HttpClient CreateClientWithoutRedirects() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real sign-in form, antiforgery token and all.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email)
    {
        var client = CreateClientWithoutRedirects();
        var response = await PostSignInAsync(client, email, Password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return client;
    }

    /// <summary>Posts the sign-in form as a browser would, with the antiforgery token from the page.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/account/login");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>The actor a signed-in user becomes, built from the same claims the cookie would carry.</summary>
    public async Task<Actor> ActorAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No demo account {email}.");
        return (await factory.CreateAsync(user)).ToActor();
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await work(db);
    }

    public Task<int> PartnershipIdAsync(string slug) =>
        WithDbAsync(db => db.Partnerships.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync());

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsDatabase) Database.Dispose();
    }
}
