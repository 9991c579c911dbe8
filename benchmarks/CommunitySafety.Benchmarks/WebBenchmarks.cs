using System.Diagnostics;
using System.Text.Json;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Dashboard;
using CommunitySafety.Web.Features.StatusUpdates;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Benchmarks;

/// <summary>What the browser waits for on each page before it counts as shown. Kept with the pages' markup.</summary>
public static class Ready
{
    public const string Dashboard = "() => !!document.querySelector('.rag-counts-table tr[data-priority=all] td[data-total]')";
    public const string MeetingMode = "() => !!document.querySelector('h1[data-priority]')";
    public const string BoardPack = "() => document.querySelectorAll('.board-pack-priority').length > 0";
    public const string ActionPage = "() => [...document.querySelectorAll('button')].some(b => b.textContent.includes('Post an update'))";
    public const string TotalCell = "document.querySelector('.rag-counts-table tr[data-priority=all] td[data-total]')";
}

/// <summary>The app on Kestrel with real Chromium pages: page sizes, circuits, filters, a status update seen live, a long history.</summary>
public static partial class WebBenchmarks
{
    private const string Slug = LargePartnership.Slug;

    public static async Task RunAsync(BenchOptions options, Figures figures, string folder)
    {
        var path = DataBenchmarks.DatabasePath(folder, 1);
        if (!File.Exists(path))
        {
            figures.Section = "Data 1x";
            await using var generator = new BenchHost(path);
            await DataBenchmarks.GenerateAsync(generator, new PartnershipShape(1), figures);
        }

        await using var host = new BenchHost(path);
        await host.StartAsync(await PartnershipIdAsync(path));
        var partnershipId = await DataBenchmarks.WithDbAsync(host.Services, db => db.Partnerships.Where(p => p.Slug == Slug).Select(p => p.Id).SingleAsync());
        await using var browsers = await Browsers.StartAsync(host.BaseUrl);
        var context = new WebContext(host, browsers, figures, options, partnershipId);

        if (options.Runs("pages")) await Benchmark.SectionAsync(figures, "pages", () => PagesAsync(context));
        if (options.Runs("circuits")) await Benchmark.SectionAsync(figures, "circuits", () => CircuitsAsync(context));
        if (options.Runs("devices")) await Benchmark.SectionAsync(figures, "devices", () => DevicesAsync(context));
        if (options.Runs("history")) await Benchmark.SectionAsync(figures, "history", () => HistoryAsync(context));
    }

    private static async Task<int> PartnershipIdAsync(string path)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Partnerships WHERE Slug = 'bench'";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record WebContext(BenchHost Host, Browsers Browsers, Figures Figures, BenchOptions Options, int PartnershipId)
    {
        public async Task<Actor> ActorAsync(string email)
        {
            await using var scope = Host.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();
            return (await factory.CreateAsync((await users.FindByEmailAsync(email))!)).ToActor();
        }
    }

    /// <summary>The size of each page as the browser gets it, and how long until it is shown.</summary>
    private static async Task PagesAsync(WebContext c)
    {
        c.Figures.Section = "Pages 1x";
        var runs = Math.Max(1, Math.Min(3, c.Options.RepeatRuns));
        foreach (var (name, url, email, ready, target) in new[]
        {
            ("Dashboard", $"/p/{Slug}/dashboard", BenchHost.BoardMember, Ready.Dashboard, ""),
            ("Meeting mode, one priority", $"/p/{Slug}/meeting", BenchHost.Coordinator, Ready.MeetingMode, "one screen"),
            ("Board pack, 5,000 actions", $"/p/{Slug}/dashboard/print", BenchHost.Coordinator, Ready.BoardPack, "< 1,024 KB of HTML"),
        })
        {
            var sent = new List<double>();
            var html = new List<double>();
            var elements = new List<double>();
            var shown = new List<double>();
            ServerTimes.TakeDashboards();
            for (var run = 0; run < runs; run++)
            {
                var (pages, ms) = await c.Browsers.OpenAsync(email, BenchHost.Password, url, 1, ready);
                await Task.Delay(1000);
                var stats = await c.Browsers.StatsAsync(pages[0]);
                var dom = (await c.Browsers.EvalAsync(pages, "() => [document.documentElement.outerHTML.length, document.getElementsByTagName('*').length]"))[0];
                sent.Add((stats.DocumentBytes + stats.WebSocketBytes) / 1024.0);
                html.Add(dom[0].GetDouble() / 1024.0);
                elements.Add(dom[1].GetDouble());
                shown.Add(ms[0]);
                await c.Browsers.CloseAsync(pages);
            }

            c.Figures.Add($"{name}: sent to the browser (document and circuit)", "KB", target, sent);
            c.Figures.Add($"{name}: HTML in the page", "KB", target, html);
            c.Figures.Add($"{name}: elements in the page", "elements", target == "one screen" ? target : "", elements);
            c.Figures.Add($"{name}: time until shown", "ms", "", shown);
            if (ServerTimes.TakeDashboards() is { Count: > 0 } rendered) c.Figures.Add($"{name}: the server's time to render it", "ms", "", rendered);
        }
    }

    /// <summary>
    /// Dashboards opened by board members in Chromium: the server's managed heap at 1, 10, 50 and 100 open, a status
    /// update posted through the action page with 1, 10 and 100 open, then filter changes one at a time and all at once.
    /// </summary>
    private static async Task CircuitsAsync(WebContext c)
    {
        c.Figures.Section = "Circuits 1x";
        var board = await c.ActorAsync(BenchHost.BoardMember);
        // The most overdue open action a board member sees: first in every dashboard's red and overdue list.
        var watched = await DataBenchmarks.WithDbAsync(c.Host.Services, db => db.Actions
            .Where(a => a.Priority!.Strategy!.PartnershipId == c.PartnershipId && !a.IsRestricted && a.Status == ActionStatus.InProgress && a.DueDate != null)
            .OrderBy(a => a.DueDate).ThenBy(a => a.Reference).Select(a => a.Id).FirstAsync());
        var (saverPages, _) = await c.Browsers.OpenAsync(BenchHost.Coordinator, BenchHost.Password, $"/p/{Slug}/actions/{watched}", 1, Ready.ActionPage);
        var saver = saverPages[0];
        await CircuitCounter.WaitForAsync(n => n >= 1, TimeSpan.FromMinutes(2));
        var filters = await FilterTargetsAsync(c, board);

        var steps = new[] { 1, 10, 50, 100 }.Where(s => s < c.Options.MaxCircuits).Append(c.Options.MaxCircuits).Distinct().ToArray();
        var slopes = new List<double>();
        var updates = new Dictionary<int, (List<double> Saver, List<double> Last, List<double> P95, List<double> Commands, List<double> Cpu, List<double> Pictures)>();
        var filterRuns = new Dictionary<string, List<double>>();
        for (var run = 0; run < c.Options.CircuitRuns; run++)
        {
            // Counted afresh each run: a page closed just before (by the last run, or the pages section) may still
            // hold its circuit for a while, and lets go of it during the run.
            var baseline = CircuitCounter.Open;
            var dashboards = new List<int>();
            var openedBefore = CircuitCounter.Opened;
            var heap = new Dictionary<int, long>();
            var openMs = new List<double>();
            foreach (var step in steps)
            {
                var (opened, ms) = await c.Browsers.OpenAsync(BenchHost.BoardMember, BenchHost.Password, $"/p/{Slug}/dashboard", step - dashboards.Count, Ready.Dashboard);
                dashboards.AddRange(opened);
                openMs.AddRange(ms);
                await CircuitCounter.WaitForAsync(n => n >= baseline + step || CircuitCounter.Opened - openedBefore >= step, TimeSpan.FromMinutes(5));
                await Task.Delay(3000);
                heap[step] = BenchHost.HeapAfterCollection();
                c.Figures.Note($"run {run + 1}: {step} dashboards open ({CircuitCounter.Open} circuits): managed heap {heap[step] / 1024.0 / 1024:0.0} MB");
                if (step == 1 || step == 10 || step == c.Options.MaxCircuits)
                {
                    var (saverMs, lastMs, p95Ms, commands, cpuPerDashboard, pictures) = await StatusUpdateAsync(c, saver, watched, dashboards, $"{run}-{step}");
                    c.Figures.Note($"run {run + 1}: status update with {step} dashboards open: saver {Figures.Format(saverMs, "ms")} ms, last dashboard {Figures.Format(lastMs, "ms")} ms, {commands} SQL commands");
                    if (!updates.TryGetValue(step, out var u)) updates[step] = u = ([], [], [], [], [], []);
                    u.Cpu.Add(cpuPerDashboard);
                    u.Pictures.Add(pictures);
                    u.Saver.Add(saverMs);
                    u.Last.Add(lastMs);
                    u.P95.Add(p95Ms);
                    u.Commands.Add(commands);
                }
            }

            var first = steps[0];
            var last = steps[^1];
            slopes.Add((heap[last] - heap[first]) / 1024.0 / (last - first));
            c.Figures.Note($"run {run + 1}: opening a dashboard took {Figures.Format(new Figure("", "", "", "", openMs, 0).Median, "ms")} ms (median of {openMs.Count})");

            await FilterChangesAsync(c, dashboards, filters, filterRuns, run);
            await c.Browsers.CloseAsync(dashboards);
            await CircuitCounter.WaitForAsync(n => n <= baseline, TimeSpan.FromMinutes(5));
        }

        await c.Browsers.CloseAsync([saver]);
        c.Figures.Add($"Managed heap per idle dashboard circuit (slope from {steps[0]} to {steps[^1]} open)", "KB", "< 300 KB", slopes);
        foreach (var (step, u) in updates.OrderBy(u => u.Key))
        {
            c.Figures.Add($"Status update with {step} dashboards open: the saver sees it saved (click to shown)", "ms", step >= 100 ? "< 300 ms" : "", u.Saver);
            c.Figures.Add($"Status update with {step} dashboards open: the last dashboard shows it", "ms", step >= 100 ? "< 2,000 ms" : "", u.Last);
            c.Figures.Add($"Status update with {step} dashboards open: SQL commands until all show it", "commands", "not growing with dashboards", u.Commands);
            c.Figures.Add($"Status update with {step} dashboards open: the app's CPU per open dashboard (the browsers' apart)", "ms", "", u.Cpu);
            c.Figures.Add($"Status update with {step} dashboards open: shared pictures computed until all show it", "pictures", "not growing with dashboards", u.Pictures);
        }

        foreach (var (name, values) in filterRuns)
        {
            c.Figures.Add(name, "ms", name.StartsWith("p95", StringComparison.Ordinal) ? (name.Contains("one at a time") ? "< 100 ms" : name.Contains(" 100 ") ? "< 500 ms" : "") : "", values);
        }
    }

    private sealed record FilterTarget(string Query, int Total);

    /// <summary>Filters whose totals differ from each other and from the whole plan's, so a page shows which one it has.</summary>
    private static async Task<List<FilterTarget>> FilterTargetsAsync(WebContext c, Actor board)
    {
        await using var scope = c.Host.Services.CreateAsyncScope();
        var dashboards = scope.ServiceProvider.GetRequiredService<DashboardService>();
        var ids = await DataBenchmarks.WithDbAsync(c.Host.Services, async db => (
            Boards: await db.Boards.Where(b => b.PartnershipId == c.PartnershipId).Select(b => b.Id).ToListAsync(),
            Priorities: await db.Priorities.Where(p => p.Strategy!.PartnershipId == c.PartnershipId).Select(p => p.Id).ToListAsync(),
            Organisations: await db.Organisations.Where(o => o.PartnershipId == c.PartnershipId).Select(o => o.Id).ToListAsync()));
        var candidates = ids.Boards.Select(id => (Query: $"board={id}", Filter: new DashboardFilter(id)))
            .Concat(ids.Priorities.Select(id => (Query: $"priority={id}", Filter: new DashboardFilter(PriorityId: id))))
            .Concat(ids.Organisations.Select(id => (Query: $"lead={id}", Filter: new DashboardFilter(LeadOrganisationId: id))))
            .Append((Query: "", Filter: new DashboardFilter()));
        var targets = new List<FilterTarget>();
        foreach (var (query, filter) in candidates)
        {
            targets.Add(new FilterTarget(query, (await dashboards.GetAsync(c.PartnershipId, board, filter)).Overall.Total));
        }

        return targets.GroupBy(t => t.Total).Where(g => g.Count() == 1).Select(g => g.Single()).ToList();
    }

    private const int FilterTimeoutMs = 120_000;

    // -1 when the page never showed the filter's total within the timeout.
    private const string FilterScript = """
        async ([url, total, timeout]) => {
          performance.clearResourceTimings();
          const started = __bench.started = performance.now();
          Blazor.navigateTo(url);
          try {
            const shown = await __bench.until(() => TOTAL?.textContent.trim() === String(total), timeout);
            return shown - started;
          } catch {
            return -1;
          }
        }
        """;

    /// <summary>When the last filter change's page had arrived in the browser and when it was parsed, from the change (ms), or -1.</summary>
    private const string ArrivedScript = """
        () => {
          const fetched = performance.getEntriesByType('resource').filter(r => r.initiatorType === 'fetch' && r.startTime >= __bench.started).pop();
          const [parseStart, parseEnd] = __bench.parsed ?? [-1, -1];
          return fetched ? [fetched.responseEnd - __bench.started, parseStart - __bench.started, parseEnd - __bench.started] : [-1, -1, -1];
        }
        """;

    private static async Task FilterChangesAsync(WebContext c, List<int> dashboards, List<FilterTarget> filters, Dictionary<string, List<double>> results, int run)
    {
        var unfiltered = filters.Single(f => f.Query == "");
        var current = dashboards.ToDictionary(p => p, _ => unfiltered);
        var script = FilterScript.Replace("TOTAL", Ready.TotalCell, StringComparison.Ordinal);
        var next = run * 7;
        FilterTarget Next(int page)
        {
            FilterTarget target;
            do target = filters[next++ % filters.Count]; while (target == current[page]);
            current[page] = target;
            return target;
        }

        object[] Arg(FilterTarget t) => [$"/p/{Slug}/dashboard" + (t.Query == "" ? "" : "?" + t.Query), t.Total, FilterTimeoutMs];

        // A change that never showed counts as the whole timeout, and is said so.
        List<double> Times(IEnumerable<System.Text.Json.JsonElement> results, string what)
        {
            var times = results.Select(e => e.GetDouble()).ToList();
            var missed = times.Count(t => t < 0);
            if (missed > 0) c.Figures.Note($"run {run + 1}, {what}: {missed} of {times.Count} pages never showed the new filter within {FilterTimeoutMs / 1000} s (counted as {FilterTimeoutMs / 1000} s)");
            return times.Select(t => t < 0 ? FilterTimeoutMs : t).ToList();
        }

        void Add(string name, double value)
        {
            if (!results.TryGetValue(name, out var list)) results[name] = list = [];
            list.Add(value);
        }

        var single = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var page = dashboards[i % dashboards.Count];
            single.AddRange(Times(await c.Browsers.EvalAsync([page], script, Arg(Next(page))), "one at a time"));
        }

        Add($"p95 filter change, one at a time with {dashboards.Count} open (20 changes)", Figures.Percentile(single, 0.95));
        Add($"median filter change, one at a time with {dashboards.Count} open", new Figure("", "", "", "", single, 0).Median);
        foreach (var k in new[] { 10, 25, 100 }.Where(k => k <= dashboards.Count))
        {
            var pages = dashboards.Take(k).ToList();
            ServerTimes.TakeDashboards();
            var cpu = ServerTimes.ProcessCpu();
            var times = Times(await c.Browsers.EvalEachAsync(pages, script, pages.Select(p => (object?)Arg(Next(p))).ToList()), $"{k} at once");
            var serverCpu = (ServerTimes.ProcessCpu() - cpu).TotalMilliseconds;
            var renders = ServerTimes.TakeDashboards();
            c.Figures.Note($"run {run + 1}: {k} filter changes at once: median {Figures.Format(new Figure("", "", "", "", times, 0).Median, "ms")} ms, p95 {Figures.Format(Figures.Percentile(times, 0.95), "ms")} ms; " +
                           $"the app's process used {serverCpu:N0} ms of CPU ({serverCpu / k:N1} ms per change), server time per page median {(renders.Count == 0 ? 0 : new Figure("", "", "", "", renders, 0).Median):N1} ms");
            Add($"the app's CPU per filter change, {k} board members at once (the browsers' apart)", serverCpu / k);
            Add($"p95 filter change, {k} board members at once", Figures.Percentile(times, 0.95));
            Add($"median filter change, {k} board members at once", new Figure("", "", "", "", times, 0).Median);
        }

        // Back to the whole plan for the next run's status update.
        await c.Browsers.EvalAsync(dashboards, script, Arg(unfiltered));
    }

    private const string WatchScript = """
        ([actionId, text, timeout]) => {
          window.__seen = null;
          __bench.until(() => {
            const row = document.querySelector(`[data-testid=attention] tr[data-action-id="${actionId}"]`);
            return !!row && row.textContent.includes(text);
          }, timeout).then(() => window.__seen = Date.now(), () => window.__seen = -1);
          return true;
        }
        """;

    /// <summary>The coordinator posts an update through the action page; every open dashboard watches for its commentary.</summary>
    private static async Task<(double SaverMs, double LastMs, double P95Ms, double Commands, double CpuPerDashboard, double Pictures)> StatusUpdateAsync(
        WebContext c, int saver, int actionId, List<int> dashboards, string label)
    {
        var text = $"Benchmark update {label} {Guid.NewGuid():N}";
        await c.Browsers.EvalAsync(dashboards, WatchScript, new object[] { actionId, text, 120_000 });
        var commands = SqlCommands.Count;
        SqlCommands.StartCapture();
        ServerTimes.TakeDashboards();
        var cpu = ServerTimes.ProcessCpu();
        var snapshots = c.Host.Services.GetRequiredService<DashboardSnapshots>();
        var computed = snapshots.Computations;
        var (clicked, saved) = await c.Browsers.PostUpdateAsync(saver, text);
        var watch = Stopwatch.StartNew();
        double[] seen;
        while (true)
        {
            seen = (await c.Browsers.EvalAsync(dashboards, "() => window.__seen")).Select(e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN).ToArray();
            if (seen.All(s => !double.IsNaN(s)) || watch.Elapsed > TimeSpan.FromMinutes(3)) break;
            await Task.Delay(250);
        }

        var serverCpu = (ServerTimes.ProcessCpu() - cpu).TotalMilliseconds;
        var kinds = SqlCommands.Kinds(4);
        var renders = ServerTimes.TakeDashboards();
        var pictures = snapshots.Computations - computed;
        var missed = seen.Count(s => double.IsNaN(s) || s < 0);
        if (missed > 0) c.Figures.Note($"status update {label}: {missed} of {dashboards.Count} dashboards never showed it");
        var delays = seen.Where(s => !double.IsNaN(s) && s >= 0).Select(s => s - clicked).ToList();
        c.Figures.Note($"status update {label}: the app's process used {serverCpu:N0} ms of CPU until every dashboard showed it " +
                       $"({serverCpu / Math.Max(1, dashboards.Count):N1} ms per dashboard); {renders.Count} dashboard pages rendered, " +
                       $"server time median {(renders.Count == 0 ? 0 : new Figure("", "", "", "", renders, 0).Median):N1} ms; " +
                       $"queries most sent: {string.Join(", ", kinds.Select(k => $"{k.Count} {k.Kind}"))}");
        return (saved - clicked, delays.Count == 0 ? double.NaN : delays.Max(), Figures.Percentile(delays, 0.95), SqlCommands.Count - commands, serverCpu / Math.Max(1, dashboards.Count), pictures);
    }

    /// <summary>
    /// Issue 14, item 8: an action's history grows by hundreds of updates while its page and a dashboard are open.
    /// The updates go through the status update service, as the page's dialog sends them; the open page shows each.
    /// </summary>
    private static async Task HistoryAsync(WebContext c)
    {
        c.Figures.Section = "History 1x";
        var coordinator = await c.ActorAsync(BenchHost.Coordinator);
        var actionId = await DataBenchmarks.WithDbAsync(c.Host.Services, db => db.Actions
            .Where(a => a.Priority!.Strategy!.PartnershipId == c.PartnershipId && a.Status == ActionStatus.InProgress)
            .OrderByDescending(a => a.Reference).Select(a => a.Id).FirstAsync());
        var (dashboard, _) = await c.Browsers.OpenAsync(BenchHost.BoardMember, BenchHost.Password, $"/p/{Slug}/dashboard", 1, Ready.Dashboard);
        var (actionPage, _) = await c.Browsers.OpenAsync(BenchHost.Coordinator, BenchHost.Password, $"/p/{Slug}/actions/{actionId}", 1, Ready.ActionPage);
        await Task.Delay(3000);
        var (heapBefore, setBefore) = Memory();
        var perUpdate = new List<double>();
        for (var i = 1; i <= c.Options.HistoryUpdates; i++)
        {
            var text = $"History update {i} of the benchmark";
            var watch = Stopwatch.StartNew();
            await using (var scope = c.Host.Services.CreateAsyncScope())
            {
                var updates = scope.ServiceProvider.GetRequiredService<StatusUpdateService>();
                var draft = await updates.PrepareAsync(c.PartnershipId, actionId, coordinator) ?? throw new InvalidOperationException("No draft");
                draft.Form.Commentary = text;
                var result = await updates.PostAsync(c.PartnershipId, draft.Form, coordinator);
                if (!result.Succeeded) throw new InvalidOperationException(result.Message);
            }

            await c.Browsers.EvalAsync(actionPage, "async (text) => { await __bench.until(() => document.body.innerText.includes(text), 120000); return true; }", text);
            perUpdate.Add(watch.Elapsed.TotalMilliseconds);
        }

        var (heapAfter, setAfter) = Memory();
        await Task.Delay(TimeSpan.FromSeconds(c.Options.IdleSeconds));
        var (heapIdle, setIdle) = Memory();
        var n = Math.Min(50, perUpdate.Count);
        c.Figures.Add($"Update posted until the open action page shows it, first {n} of {perUpdate.Count}", "ms", "", perUpdate.Take(n));
        c.Figures.Add($"Update posted until the open action page shows it, last {n} of {perUpdate.Count}", "ms", "no growth", perUpdate.TakeLast(n));
        c.Figures.Add("Managed heap before the updates", "MB", "", [heapBefore]);
        c.Figures.Add($"Managed heap after {perUpdate.Count} updates", "MB", "", [heapAfter]);
        c.Figures.Add($"Managed heap after {c.Options.IdleSeconds} s idle", "MB", "back to the first", [heapIdle]);
        c.Figures.Add("Process working set before the updates", "MB", "", [setBefore]);
        c.Figures.Add($"Process working set after {perUpdate.Count} updates", "MB", "", [setAfter]);
        c.Figures.Add($"Process working set after {c.Options.IdleSeconds} s idle", "MB", "back to the first", [setIdle]);
        await c.Browsers.CloseAsync(dashboard.Concat(actionPage));
    }

    private static (double HeapMb, double WorkingSetMb) Memory()
    {
        var heap = BenchHost.HeapAfterCollection();
        using var process = Process.GetCurrentProcess();
        return (heap / 1024.0 / 1024, process.WorkingSet64 / 1024.0 / 1024);
    }
}
