using System.Diagnostics;
using System.Text.Json;
using CommunitySafety.Domain;
using CommunitySafety.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Benchmarks;

public static partial class WebBenchmarks
{
    /// <summary>
    /// A meeting as it is held: every board member on a device of their own. One of them is a Chromium page, measured
    /// from the click to what it shows; the others hold their dashboards through the Blazor circuit protocol
    /// (<see cref="ProtocolDashboard"/>, in the driver's process), so this machine's two cores go to the server and
    /// the one browser, not to a hundred pages' parsing and layout. Measured: a status update seen by every open
    /// dashboard, and filter changes one at a time and by 10, 25 and 100 members at once.
    /// </summary>
    private static async Task DevicesAsync(WebContext c)
    {
        c.Figures.Section = "Devices 1x";
        var n = c.Options.MaxCircuits;
        var board = await c.ActorAsync(BenchHost.BoardMember);
        var watched = await DataBenchmarks.WithDbAsync(c.Host.Services, db => db.Actions
            .Where(a => a.Priority!.Strategy!.PartnershipId == c.PartnershipId && !a.IsRestricted && a.Status == ActionStatus.InProgress && a.DueDate != null)
            .OrderBy(a => a.DueDate).ThenBy(a => a.Reference).Select(a => a.Id).FirstAsync());
        var filters = await FilterTargetsAsync(c, board);
        var (saverPages, _) = await c.Browsers.OpenAsync(BenchHost.Coordinator, BenchHost.Password, $"/p/{Slug}/actions/{watched}", 1, Ready.ActionPage);
        var (browserPages, _) = await c.Browsers.OpenAsync(BenchHost.BoardMember, BenchHost.Password, $"/p/{Slug}/dashboard", 1, Ready.Dashboard);
        var person = browserPages[0];
        var opening = Stopwatch.StartNew();
        var others = await c.Browsers.OpenDashboardsAsync(BenchHost.BoardMember, BenchHost.Password, $"/p/{Slug}/dashboard", n - 1);
        try
        {
            await Task.Delay(3000);
            c.Figures.Note($"devices: {others.Length} dashboards opened through the circuit protocol in {opening.Elapsed.TotalSeconds:0.0} s ({CircuitCounter.Open} circuits open)");
            var saver = new List<double>();
            var last = new List<double>();
            var personSees = new List<double>();
            var commandsPerUpdate = new List<double>();
            var cpuPerDashboard = new List<double>();
            var pictures = new List<double>();
            var filterRuns = new Dictionary<string, List<double>>();
            // Run -1 warms up, as a server that has been up for a while is warm: its figures are not kept.
            for (var run = -1; run < c.Options.CircuitRuns; run++)
            {
                var text = $"Benchmark update devices {run} {Guid.NewGuid():N}";
                await c.Browsers.WatchDashboardsAsync(others, text);
                await c.Browsers.EvalAsync([person], WatchScript, new object[] { watched, text, 120_000 });
                var commands = SqlCommands.Count;
                SqlCommands.StartCapture();
                var cpu = ServerTimes.ProcessCpu();
                var snapshots = c.Host.Services.GetRequiredService<DashboardSnapshots>();
                var computed = snapshots.Computations;
                var (clicked, saved) = await c.Browsers.PostUpdateAsync(saverPages[0], text);
                var seen = (await c.Browsers.DashboardsSeenAsync(others, 120_000)).ToList();
                var watch = Stopwatch.StartNew();
                while (true)
                {
                    var shown = (await c.Browsers.EvalAsync([person], "() => window.__seen"))[0];
                    if (shown.ValueKind == JsonValueKind.Number) { seen.Add(shown.GetDouble()); break; }
                    if (watch.Elapsed > TimeSpan.FromMinutes(2)) { seen.Add(-1); break; }
                    await Task.Delay(50);
                }

                var serverCpu = (ServerTimes.ProcessCpu() - cpu).TotalMilliseconds;
                var kinds = SqlCommands.Kinds(4);
                var missed = seen.Count(s => s < 0);
                if (missed > 0) c.Figures.Note($"devices run {run + 1}: {missed} of {n} dashboards never showed the update (counted as 2 minutes)");
                var times = seen.Select(s => s < 0 ? 120_000 : s - clicked).ToList();
                if (run < 0)
                {
                    await DeviceFilterChangesAsync(c, person, others, filters, [], run);
                    continue;
                }

                saver.Add(saved - clicked);
                last.Add(times.Max());
                personSees.Add(times[^1]);
                commandsPerUpdate.Add(SqlCommands.Count - commands);
                cpuPerDashboard.Add(serverCpu / n);
                pictures.Add(snapshots.Computations - computed);
                c.Figures.Note($"devices run {run + 1}: status update with {n} open: saver {saved - clicked:0} ms, the browser {times[^1]:0} ms, " +
                               $"the last of {n} {times.Max():0} ms (p95 {Figures.Percentile(times, 0.95):0} ms); the app's process used {serverCpu:N0} ms of CPU; " +
                               $"queries most sent: {string.Join(", ", kinds.Select(k => $"{k.Count} {k.Kind}"))}");

                await DeviceFilterChangesAsync(c, person, others, filters, filterRuns, run);
            }

            c.Figures.Add($"Status update with {n} dashboards open: the saver sees it saved (click to shown)", "ms", "< 300 ms", saver);
            c.Figures.Add($"Status update with {n} dashboards open: the last of them has it (the browser's page shown, the others' pages fetched)", "ms", "< 2,000 ms", last);
            c.Figures.Add($"Status update with {n} dashboards open: the board member's browser shows it", "ms", "", personSees);
            c.Figures.Add($"Status update with {n} dashboards open: SQL commands until all have it", "commands", "not growing with dashboards", commandsPerUpdate);
            c.Figures.Add($"Status update with {n} dashboards open: the app's CPU per open dashboard", "ms", "", cpuPerDashboard);
            c.Figures.Add($"Status update with {n} dashboards open: shared pictures computed", "pictures", "not growing with dashboards", pictures);
            foreach (var (name, values) in filterRuns)
            {
                var target = !name.StartsWith("p95", StringComparison.Ordinal) || name.Contains("arrival", StringComparison.Ordinal) ? "" : name.Contains("one at a time") ? "< 100 ms" : name.Contains(" 100 ") ? "< 500 ms" : "";
                c.Figures.Add(name, "ms", target, values);
            }
        }
        finally
        {
            await c.Browsers.CloseDashboardsAsync(others);
            await c.Browsers.CloseAsync(saverPages.Concat(browserPages));
        }
    }

    /// <summary>
    /// Filter changes: one at a time in the browser with every other dashboard open; then by k members at once, the
    /// browser and k - 1 of the others, each the request the filter form sends, timed until the whole page has arrived
    /// (and, in the browser, is shown).
    /// </summary>
    private static async Task DeviceFilterChangesAsync(WebContext c, int person, int[] others, List<FilterTarget> filters, Dictionary<string, List<double>> results, int run)
    {
        var n = others.Length + 1;
        var script = FilterScript.Replace("TOTAL", Ready.TotalCell, StringComparison.Ordinal);
        var unfiltered = filters.Single(f => f.Query == "");
        var next = (run + 1) * 7;
        var current = new Dictionary<int, FilterTarget>();
        FilterTarget Next(int who)
        {
            FilterTarget target;
            do target = filters[next++ % filters.Count]; while (target == current.GetValueOrDefault(who, unfiltered));
            current[who] = target;
            return target;
        }

        string Url(FilterTarget t) => $"/p/{Slug}/dashboard" + (t.Query == "" ? "" : "?" + t.Query);
        object[] Arg(FilterTarget t) => [Url(t), t.Total, FilterTimeoutMs];

        void Add(string name, double value)
        {
            if (!results.TryGetValue(name, out var list)) results[name] = list = [];
            list.Add(value);
        }

        var single = new List<double>();
        var serverShare = new List<double>();
        var afterArrival = new List<double>();
        var parsing = new List<double>();
        var merging = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            ServerTimes.TakeDashboards();
            var ms = (await c.Browsers.EvalAsync([person], script, Arg(Next(-person))))[0].GetDouble();
            single.Add(ms < 0 ? FilterTimeoutMs : ms);
            serverShare.AddRange(ServerTimes.TakeDashboards());
            var timings = (await c.Browsers.EvalAsync([person], ArrivedScript))[0];
            var arrived = timings[0].GetDouble();
            if (ms >= 0 && arrived >= 0) afterArrival.Add(ms - arrived);
            if (ms >= 0 && timings[1].GetDouble() >= 0) parsing.Add(timings[2].GetDouble() - timings[1].GetDouble());
            if (ms >= 0 && timings[2].GetDouble() >= 0) merging.Add(ms - timings[2].GetDouble());
        }

        Add($"p95 filter change in the browser, one at a time with {n} open (20 changes)", Figures.Percentile(single, 0.95));
        Add($"median filter change in the browser, one at a time with {n} open", new Figure("", "", "", "", single, 0).Median);
        // The server's share of each (request to last byte), the rest being the browser's fetch, merge and paint.
        Add($"p95 of the server's time on those filter changes, one at a time with {n} open", Figures.Percentile(serverShare, 0.95));
        Add($"median of the server's time on those filter changes, one at a time with {n} open", new Figure("", "", "", "", serverShare, 0).Median);
        // From the page's last byte to the change shown: the browser parsing the page and merging it into the old one.
        Add($"median of the browser's time from the page's arrival to shown, one at a time with {n} open", new Figure("", "", "", "", afterArrival, 0).Median);
        Add($"p95 of the browser's time from the page's arrival to shown, one at a time with {n} open", Figures.Percentile(afterArrival, 0.95));
        c.Figures.Note($"devices run {run + 1}: of the browser's time after the page arrived, parsing it took a median {new Figure("", "", "", "", parsing, 0).Median:0.0} ms, " +
                       $"from parsed to shown (merging it into the page) {new Figure("", "", "", "", merging, 0).Median:0.0} ms");

        foreach (var k in new[] { 10, 25, 100 }.Where(k => k <= n))
        {
            var movers = others.Take(k - 1).ToList();
            var targets = movers.Select(Next).ToList();
            var cpu = ServerTimes.ProcessCpu();
            var (fetched, browser) = await c.Browsers.NavigateDashboardsAsync(movers, targets.Select(Url).ToList(), person, script, Arg(Next(-person)));
            var serverCpu = (ServerTimes.ProcessCpu() - cpu).TotalMilliseconds;
            var wrong = fetched.Zip(targets).Count(p => p.First.Total != p.Second.Total);
            if (wrong > 0) throw new InvalidOperationException($"{wrong} of {k - 1} filtered dashboards did not show their filter's total");
            var personMs = browser.GetDouble() is var b && b < 0 ? FilterTimeoutMs : b;
            var times = fetched.Select(f => f.Ms).Append(personMs).ToList();
            c.Figures.Note($"devices run {run + 1}: {k} filter changes at once: median {Figures.Format(new Figure("", "", "", "", times, 0).Median, "ms")} ms, " +
                           $"p95 {Figures.Format(Figures.Percentile(times, 0.95), "ms")} ms, the browser's {personMs:0} ms; the app's process used {serverCpu:N0} ms of CPU ({serverCpu / k:N1} ms per change)");
            Add($"p95 filter change, {k} board members at once (the page arrived; in the browser, shown)", Figures.Percentile(times, 0.95));
            Add($"filter change in the browser while {k - 1} others change theirs", personMs);
            Add($"the app's CPU per filter change, {k} board members at once", serverCpu / k);
        }

        // Back to the whole plan for the next run's status update.
        await c.Browsers.NavigateDashboardsAsync(others, others.Select(_ => Url(unfiltered)).ToList(), person, script, Arg(unfiltered));
    }
}
