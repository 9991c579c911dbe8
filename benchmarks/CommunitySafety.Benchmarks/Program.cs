using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using CommunitySafety.Benchmarks;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features;
using CommunitySafety.Web.Features.Dashboard;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using MudBlazor.Services;

// Times the board dashboard on a very large partnership: the queries alone, then the whole page rendered to HTML
// on the server as a circuit would. Run with: dotnet run -c Release --project benchmarks/CommunitySafety.Benchmarks
var runs = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10;
var path = Path.Combine(Path.GetTempPath(), $"communitysafety-bench-{Guid.NewGuid():N}.db");
var commands = new CommandCounter();
var services = new ServiceCollection();
services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
services.AddSingleton(new DatabaseTarget(DatabaseProvider.Sqlite, $"Data Source={path}"));
services.AddPartnershipDatabase(o => o.AddInterceptors(commands));
services.AddSingleton(TimeProvider.System);
services.AddFeatureServices();
services.AddMudServices();
services.AddSingleton<IJSRuntime, NoJavaScript>();
services.AddScoped<NavigationManager, BenchNavigation>();
services.AddScoped<AuthenticationStateProvider, CoordinatorState>();
services.AddScoped<ActorAccessor>();
services.AddSupplyValueFromQueryProvider();
await using var provider = services.BuildServiceProvider();

try
{
    var factory = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
    await using (var db = await factory.CreateDbContextAsync())
    {
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    var clock = Stopwatch.StartNew();
    var partnershipId = await LargePartnership.CreateAsync(factory, DateTime.UtcNow);
    Console.WriteLine($"Generated {LargePartnership.Actions:N0} actions, {LargePartnership.Actions * LargePartnership.MilestonesPerAction:N0} milestones, " +
                      $"{LargePartnership.Actions * LargePartnership.UpdatesPerAction:N0} status updates in {clock.Elapsed.TotalSeconds:N1} s " +
                      $"({new FileInfo(path).Length / 1024 / 1024} MB SQLite file)");
    CoordinatorState.PartnershipId = partnershipId;

    var coordinator = new Actor("bench", "Benchmark coordinator", null, partnershipId, false, true, false, false, false, true);
    var board = coordinator with { IsCoordinator = false, IsBoardMember = true, IsCleared = false };
    var dashboards = provider.GetRequiredService<DashboardService>();
    var lastMeeting = (await dashboards.PastMeetingsAsync(partnershipId, board, null))[0].StartsAt;

    Console.WriteLine($"{runs} runs each after one warm-up; times in milliseconds");
    Console.WriteLine($"{"What",-52} {"median",8} {"min",8} {"max",8} {"SQL",5}");
    await MeasureAsync("Dashboard data, cleared coordinator", () => dashboards.GetAsync(partnershipId, coordinator, new DashboardFilter()));
    await MeasureAsync("Dashboard data, board member (no restricted)", () => dashboards.GetAsync(partnershipId, board, new DashboardFilter()));
    var (priorityId, boardId) = await WithDbAsync(async db => (
        await db.Priorities.Where(p => p.Strategy!.PartnershipId == partnershipId).Select(p => p.Id).FirstAsync(),
        await db.Boards.Where(b => b.PartnershipId == partnershipId).Select(b => b.Id).FirstAsync()));
    await MeasureAsync("Dashboard data, one priority and one board", () => dashboards.GetAsync(partnershipId, board, new DashboardFilter(boardId, priorityId)));
    await MeasureAsync("Since the last meeting", () => dashboards.SinceAsync(partnershipId, board, new DashboardFilter(), lastMeeting));
    await MeasureAsync("Meeting mode / board pack data (all priorities)", () => dashboards.PrioritiesAsync(partnershipId, coordinator, new DashboardFilter(), privatePart: true));

    var html = 0;
    await MeasureAsync("Dashboard page rendered to HTML (HtmlRenderer)", async () => html = await RenderAsync<DashboardPage>());
    Console.WriteLine($"  dashboard page HTML: {html / 1024:N0} KB");
    await MeasureAsync("Board pack page rendered to HTML (HtmlRenderer)", async () => html = await RenderAsync<BoardPack>());
    Console.WriteLine($"  board pack HTML: {html / 1024:N0} KB");
}
finally
{
    await provider.DisposeAsync();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
}

async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
{
    await using var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
    return await work(db);
}

async Task MeasureAsync(string what, Func<Task> work)
{
    await work();
    var times = new List<double>();
    var before = commands.Count;
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        await work();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    var perRun = (commands.Count - before) / runs;
    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-52} {times[times.Count / 2],8:N1} {times[0],8:N1} {times[^1],8:N1} {perRun,5}"));
}

async Task<int> RenderAsync<TComponent>() where TComponent : IComponent
{
    await using var scope = provider.CreateAsyncScope();
    ((BenchNavigation)scope.ServiceProvider.GetRequiredService<NavigationManager>()).Start(typeof(TComponent) == typeof(BoardPack) ? "dashboard/print" : "dashboard");
    await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
    return await renderer.Dispatcher.InvokeAsync(async () =>
    {
        var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Slug"] = LargePartnership.Slug }));
        await output.QuiescenceTask;
        return output.ToHtmlString().Length;
    });
}

/// <summary>Counts SQL commands, to show the page issues a fixed handful of queries whatever the number of rows.</summary>
internal sealed class CommandCounter : DbCommandInterceptor
{
    private int count;

    public int Count => count;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}

internal sealed class BenchNavigation : NavigationManager
{
    public void Start(string page) => Initialize("http://localhost/", $"http://localhost/p/{LargePartnership.Slug}/{page}");

    protected override void NavigateToCore(string uri, NavigationOptions options) => Uri = ToAbsoluteUri(uri).ToString();
}

internal sealed class CoordinatorState : AuthenticationStateProvider
{
    public static int PartnershipId { get; set; }

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(AppClaims.DisplayName, "Benchmark coordinator"),
        new Claim(ClaimTypes.Role, AppRoles.Coordinator), new Claim(AppClaims.Cleared, "true"),
        new Claim(AppClaims.PartnershipId, PartnershipId.ToString(CultureInfo.InvariantCulture)),
    ], "bench"))));
}

/// <summary>Server-side rendering to HTML runs no script; MudBlazor's calls into JavaScript do nothing here.</summary>
internal sealed class NoJavaScript : IJSRuntime
{
    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
}
