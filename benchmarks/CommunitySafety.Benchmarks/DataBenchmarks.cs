using System.Diagnostics;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Benchmarks;

/// <summary>What the dashboard loads, at 1x, 2x and 4x the issue's partnership.</summary>
public static class DataBenchmarks
{
    public static string DatabasePath(string folder, int scale) => Path.Combine(folder, $"bench-{scale}x.db");

    public static async Task RunAsync(BenchOptions options, Figures figures, string folder)
    {
        var medians = new Dictionary<int, double>();
        var hosts = new Dictionary<int, (BenchHost Host, Actor Board)>();
        try
        {
            foreach (var scale in options.Scales)
            {
                var host = new BenchHost(DatabasePath(folder, scale));
                hosts[scale] = (host, await MeasureScaleAsync(options, figures, folder, scale, host, medians));
            }

            if (medians.TryGetValue(1, out var one))
            {
                figures.Section = "Data scaling";
                foreach (var (scale, median) in medians.Where(m => m.Key != 1))
                {
                    figures.Add($"Dashboard data at {scale}x ÷ at 1x (medians of the sections above, taken minutes apart)", "×", $"≤ {scale}", [median / one]);
                }

                await ScalingInTurnAsync(options, figures, hosts);
            }
        }
        finally
        {
            foreach (var (host, _) in hosts.Values) await host.DisposeAsync();
        }
    }

    /// <summary>
    /// Each scale's dashboard timed in turn, 1x then the others, over and over, each ratio taken against the 1x run
    /// just before it: the machine's load and the runtime's warming (which move by more than the scaling between one
    /// section and the next) then weigh on both sides of every ratio alike.
    /// </summary>
    private static async Task ScalingInTurnAsync(BenchOptions options, Figures figures, Dictionary<int, (BenchHost Host, Actor Board)> hosts)
    {
        Task Load(int scale) => PageLoads.DashboardAsync(hosts[scale].Host.Services, LargePartnership.Slug, hosts[scale].Board, new DashboardFilter());
        // Past the runtime's first, unoptimised compilation of the page's code (tiered compilation moves a method on
        // after 30 calls), on every scale.
        foreach (var scale in hosts.Keys)
        {
            for (var i = 0; i < 40; i++) await Load(scale);
        }

        var ratios = hosts.Keys.Where(s => s != 1).ToDictionary(s => s, _ => new List<double>());
        for (var i = 0; i < options.RepeatRuns * 4; i++)
        {
            var one = await TimeAsync(() => Load(1));
            foreach (var scale in ratios.Keys) ratios[scale].Add(await TimeAsync(() => Load(scale)) / one);
        }

        foreach (var (scale, values) in ratios)
        {
            figures.Add($"Dashboard data at {scale}x ÷ at 1x, timed in turn (each run against the 1x run just before it)", "×", $"≤ {scale}", values);
        }
    }

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<Actor> MeasureScaleAsync(BenchOptions options, Figures figures, string folder, int scale, BenchHost host, Dictionary<int, double> medians)
    {
        figures.Section = $"Data {scale}x";
        var shape = new PartnershipShape(scale);
        var partnershipId = await GenerateAsync(host, shape, figures);
        var board = new Actor("bench-board", "Benchmark board member", null, partnershipId, false, false, false, true, false, false);
        var boardId = await WithDbAsync(host.Services, db => db.Boards.Where(b => b.PartnershipId == partnershipId).Select(b => b.Id).FirstAsync());

        var unfiltered = await MeasureAsync(options.RepeatRuns, () => PageLoads.DashboardAsync(host.Services, LargePartnership.Slug, board, new DashboardFilter()));
        figures.Add($"Dashboard data, everything the page loads ({shape.Actions:N0} actions, board member, no filter)", "ms",
            scale == 1 ? "< 50 ms" : "≤ scale × 1x", unfiltered.Ms, $"{unfiltered.Commands} SQL commands");
        medians[scale] = new Figure("", "", "", "", unfiltered.Ms, 0).Median;
        await NoteSlowestAsync(figures, step => PageLoads.DashboardAsync(host.Services, LargePartnership.Slug, board, new DashboardFilter(), step), options.Keep ? folder : null);
        // The one part read once per meeting rather than once per change: each run starts without it.
        var factory = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var lastMeeting = await WithDbAsync(host.Services, db => db.Meetings.Where(m => m.Board!.PartnershipId == partnershipId && m.StartsAt <= DateTime.UtcNow).MaxAsync(m => m.StartsAt));
        var ratingsThen = await MeasureAsync(options.RepeatRuns, () => new RatingsAtInstant(factory, TimeProvider.System).ForAsync(partnershipId, lastMeeting));
        figures.Add("Every action's RAG at the last meeting, read once per meeting (the first dashboard after a start waits for it too)", "ms", "", ratingsThen.Ms, $"{ratingsThen.Commands} SQL commands");
        var oneBoard = await MeasureAsync(options.RepeatRuns, () => PageLoads.DashboardAsync(host.Services, LargePartnership.Slug, board, new DashboardFilter(boardId)));
        figures.Add("Dashboard data, one board", "ms", scale == 1 ? "< 50 ms" : "≤ scale × 1x", oneBoard.Ms, $"{oneBoard.Commands} SQL commands");
        var meeting = await MeasureAsync(options.RepeatRuns, () => PageLoads.MeetingModeAsync(host.Services, LargePartnership.Slug, board));
        figures.Add("Meeting mode data, public part", "ms", "", meeting.Ms, $"{meeting.Commands} SQL commands");
        return board;
    }

    /// <summary>Where the time goes: each call the page makes, over a few more runs, and its slowest queries.</summary>
    private static async Task NoteSlowestAsync(Figures figures, Func<Action<string, double>?, Task> work, string? keepIn)
    {
        var steps = new Dictionary<string, List<double>>();
        for (var i = 0; i < 3; i++) await work((what, ms) => (steps.TryGetValue(what, out var l) ? l : steps[what] = []).Add(ms));
        var medians = steps.ToDictionary(s => s.Key, s => s.Value.Order().ElementAt(1));
        figures.Note($"{figures.Section}: by call (medians of 3): " + string.Join("; ", medians.Select(m => $"{m.Key} {m.Value:0.0} ms")) +
                     $"; {medians.Values.Sum():0} ms of work in all");
        var commands = await SqlCommands.Capture(() => work(null));
        if (keepIn is not null)
        {
            await File.WriteAllLinesAsync(Path.Combine(keepIn, $"queries-{figures.Section.Replace(' ', '-')}.sql"),
                commands.Select(c => $"-- {c.Duration.TotalMilliseconds:0.0} ms\n{c.Sql};\n"));
        }

        foreach (var (sql, duration) in commands.OrderByDescending(c => c.Duration).Take(3))
        {
            var text = System.Text.RegularExpressions.Regex.Replace(sql, @"\s+", " ");
            figures.Note($"{figures.Section}: a query read for {duration.TotalMilliseconds:0.0} ms: {text[..Math.Min(text.Length, 200)]}");
        }
    }

    public static async Task<int> GenerateAsync(BenchHost host, PartnershipShape shape, Figures figures)
    {
        var factory = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var existing = await WithDbAsync(host.Services, db => db.Partnerships.Where(p => p.Slug == LargePartnership.Slug).Select(p => (int?)p.Id).FirstOrDefaultAsync());
        if (existing is { } id) return id;
        var watch = Stopwatch.StartNew();
        var partnershipId = await LargePartnership.CreateAsync(factory, DateTime.UtcNow, shape);
        var path = host.Services.GetRequiredService<DatabaseTarget>().SqlitePath!;
        figures.Note($"{figures.Section}: generated {shape.Actions:N0} actions, {shape.Milestones:N0} milestones, {shape.Updates:N0} status updates " +
                     $"(with their audit entries) in {watch.Elapsed.TotalSeconds:N0} s; SQLite file {new FileInfo(path).Length / 1024 / 1024:N0} MB");
        return partnershipId;
    }

    public static async Task<T> WithDbAsync<T>(IServiceProvider services, Func<AppDbContext, Task<T>> work)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await work(db);
    }

    /// <summary>One warm-up, then <paramref name="runs"/> timed runs; the SQL commands are per run.</summary>
    public static async Task<(List<double> Ms, long Commands)> MeasureAsync(int runs, Func<Task> work)
    {
        await work();
        var times = new List<double>();
        var before = SqlCommands.Count;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await work();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return (times, (SqlCommands.Count - before) / runs);
    }
}
