using System.Diagnostics;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommunitySafety.Benchmarks;

/// <summary>
/// The real app, as `dotnet run` starts it, on a Kestrel port of its own and the benchmark's SQLite file; no samples,
/// no Hangfire server (the benchmark runs the scan itself). It lives in the benchmark's process so its managed heap
/// can be read after a full collection; the browsers are a separate process.
/// </summary>
public sealed class BenchHost(string databasePath, TimeProvider? clock = null) : WebApplicationFactory<Program>
{
    public const string Password = "Benchmark-Password-1!";
    public const string BoardMember = "board@bench.example";
    public const string Coordinator = "coordinator@bench.example";

    public string BaseUrl { get; private set; } = "";

    // WebApplicationFactory looks for the app's folder beside the solution file; ours is under src/.
    static BenchHost() => Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_COMMUNITYSAFETY_WEB", WebProjectFolder);

    /// <summary>The web project's folder, found from the solution above the benchmark's output.</summary>
    public static string WebProjectFolder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommunitySafety.sln"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("No CommunitySafety.sln above " + AppContext.BaseDirectory), "src", "CommunitySafety.Web");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(WebProjectFolder);
        builder.UseEnvironment("Development");
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:Path"] = databasePath,
            ["Samples:LoadOnStartup"] = "false",
            ["Samples:CreateDemoAccounts"] = "false",
            ["Hangfire:ServerEnabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        })
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(services =>
        {
            services.AddScoped<CircuitHandler, CircuitCounter>();
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ServerTimes>();
            if (clock is not null) services.AddSingleton(clock);
        });
    }

    public async Task StartAsync(int partnershipId)
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        foreach (var (email, role, cleared) in new[] { (BoardMember, AppRoles.BoardMember, false), (Coordinator, AppRoles.Coordinator, true) })
        {
            if (await users.FindByEmailAsync(email) is not null) continue;
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, PartnershipId = partnershipId };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, role));
            if (cleared) Check(await users.AddClaimAsync(user, new System.Security.Claims.Claim(AppClaims.Cleared, "true")));
        }

        static void Check(IdentityResult result)
        {
            if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>The managed heap after a full, compacting collection: what the live objects hold.</summary>
    public static long HeapAfterCollection()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

/// <summary>
/// How long the server took over each dashboard page it rendered (from the request to the last byte written): the
/// server's share of a refresh, apart from the browsers' share, which on this machine runs on the same two cores.
/// </summary>
public sealed class ServerTimes : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    private static readonly System.Collections.Concurrent.ConcurrentQueue<double> Dashboards = new();

    /// <summary>The server times of the dashboard pages rendered since the last call.</summary>
    public static List<double> TakeDashboards()
    {
        var taken = new List<double>();
        while (Dashboards.TryDequeue(out var ms)) taken.Add(ms);
        return taken;
    }

    /// <summary>The CPU time this process (the app; the browsers are other processes) has used so far.</summary>
    public static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(nextMiddleware => async context =>
        {
            var watch = Stopwatch.StartNew();
            await nextMiddleware(context);
            if (context.Request.Path.Value?.EndsWith("/dashboard", StringComparison.Ordinal) == true) Dashboards.Enqueue(watch.Elapsed.TotalMilliseconds);
        });
        next(app);
    };
}

/// <summary>Counts the circuits open now, so the benchmark knows when every browser page has one (and has let go of it).</summary>
public sealed class CircuitCounter : CircuitHandler
{
    private static int open;
    private static int opened;
    private static int connected;

    public static int Open => Volatile.Read(ref open);

    /// <summary>How many circuits have opened since start, closed or not.</summary>
    public static int Opened => Volatile.Read(ref opened);

    public static int Connected => Volatile.Read(ref connected);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref opened);
        Interlocked.Increment(ref open);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref connected);
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref connected);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref open);
        return Task.CompletedTask;
    }

    public static async Task WaitForAsync(Func<int, bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition(Open))
        {
            if (watch.Elapsed > timeout) throw new TimeoutException($"Waited {timeout} for the circuits; {Open} open.");
            await Task.Delay(100);
        }
    }
}

/// <summary>
/// Counts the SQL commands every EF context in this process sends, through EF's diagnostic events; while
/// <see cref="Capture"/> runs, it also keeps each query's text and how long its reader was open (SQLite does most of its work as the rows are
/// read), to show which query grows.
/// </summary>
public sealed class SqlCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private const string Executing = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuting";
    private const string ReaderDone = "Microsoft.EntityFrameworkCore.Database.Command.DataReaderDisposing";
    private static readonly SqlCommands Instance = new();
    private static long count;
    private static IDisposable? subscription;
    private static System.Collections.Concurrent.ConcurrentQueue<(string Sql, TimeSpan Duration)>? captured;

    public static long Count => Interlocked.Read(ref count);

    public static void Start() => subscription ??= DiagnosticListener.AllListeners.Subscribe(Instance);

    /// <summary>The commands <paramref name="work"/> sends, each with its text and how long it ran.</summary>
    public static async Task<IReadOnlyList<(string Sql, TimeSpan Duration)>> Capture(Func<Task> work)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<(string, TimeSpan)>();
        captured = queue;
        try
        {
            await work();
        }
        finally
        {
            captured = null;
        }

        return [.. queue];
    }

    /// <summary>From now until <see cref="Kinds"/> is called, each query's text is kept.</summary>
    public static void StartCapture() => captured = new System.Collections.Concurrent.ConcurrentQueue<(string, TimeSpan)>();

    /// <summary>The queries since <see cref="StartCapture"/>, grouped by their first words (what they read), most first.</summary>
    public static IReadOnlyList<(string Kind, int Count)> Kinds(int top)
    {
        var queue = captured ?? new System.Collections.Concurrent.ConcurrentQueue<(string, TimeSpan)>();
        captured = null;
        return queue.GroupBy(q => Kind(q.Sql)).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).Take(top).ToList();
    }

    private static string Kind(string sql)
    {
        var flat = System.Text.RegularExpressions.Regex.Replace(sql, @"\s+", " ").Trim();
        var from = flat.IndexOf(" FROM ", StringComparison.Ordinal);
        // The table a query reads names it well enough: "SELECT … FROM "AspNetUsers"".
        return from < 0 ? flat[..Math.Min(60, flat.Length)] : "… FROM " + flat[(from + 6)..].Split(' ')[0];
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Microsoft.EntityFrameworkCore") listener.Subscribe(this, name => name is Executing or ReaderDone);
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == Executing) Interlocked.Increment(ref count);
        else if (captured is { } queue && value.Value is Microsoft.EntityFrameworkCore.Diagnostics.DataReaderDisposingEventData data)
        {
            queue.Enqueue((data.Command.CommandText, data.Duration));
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    internal static void Stop() => subscription?.Dispose();
}
