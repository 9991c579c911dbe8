using System.Diagnostics;
using System.Globalization;

// Every figure of issue 13 in one command: dashboard data at 1x, 2x and 4x; the pages' sizes; circuits driven through
// a real Chromium (memory from 1 to 100, filter changes one at a time and all at once, a status update seen by every
// open dashboard); a long history; the reminder scan after a year of ledger. Not a test: it prints figures.
//   dotnet run -c Release --project benchmarks/CommunitySafety.Benchmarks -- [options]
namespace CommunitySafety.Benchmarks;

public static class Benchmark
{
    public static async Task<int> Main(string[] args)
    {
        if (args.FirstOrDefault() == "browser-driver") return await BrowserDriver.RunAsync();

        var options = BenchOptions.Parse(args);
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        var figures = new Figures();
        var folder = Directory.CreateTempSubdirectory("communitysafety-bench-").FullName;
        var total = Stopwatch.StartNew();
        Console.WriteLine($"CommunitySafety benchmark: {options}; {LoadAverage.Describe()}; {folder}");
        SqlCommands.Start();
        try
        {
            if (options.Runs("data")) await SectionAsync(figures, "data", () => DataBenchmarks.RunAsync(options, figures, folder));
            if (new[] { "pages", "circuits", "devices", "history" }.Any(options.Runs))
            {
                await SectionAsync(figures, "web", () => WebBenchmarks.RunAsync(options, figures, folder));
            }

            if (options.Runs("reminders")) await SectionAsync(figures, "reminders", () => ReminderYear.RunAsync(options, figures, folder));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (options.Keep) Console.WriteLine("Kept " + folder);
            else try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            figures.Section = "";
            figures.Note($"Whole run {total.Elapsed.TotalMinutes:0.0} min; at the end {LoadAverage.Describe()}.");
            figures.Print(Console.Out);
        }

        return figures.Failed ? 1 : 0;
    }

    /// <summary>A section that fails is reported, and the others still run and print.</summary>
    public static async Task SectionAsync(Figures figures, string name, Func<Task> section)
    {
        try
        {
            await section();
        }
        catch (Exception ex)
        {
            figures.Failed = true;
            figures.Note($"The {name} section failed: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
            Console.Error.WriteLine(ex);
        }
    }
}

/// <summary>The command line: which sections, how many runs, how big.</summary>
public sealed record BenchOptions(int RepeatRuns, int[] Scales, int MaxCircuits, int CircuitRuns, int LedgerDays, int HistoryUpdates, int IdleSeconds, string[] Only, bool Keep = false)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => int.TryParse(Value(name), out var v) ? v : fallback;
        return new BenchOptions(
            Int("--runs", 5),
            (Value("--scales") ?? "1,2,4").Split(',').Select(int.Parse).ToArray(),
            Int("--circuits", 100),
            Int("--circuit-runs", 3),
            Int("--days", 365),
            Int("--history", 600),
            Int("--idle", 60),
            (Value("--only") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            args.Contains("--keep"));
    }

    public bool Runs(string section) => Only.Length == 0 || Only.Contains(section);

    public override string ToString() =>
        $"{RepeatRuns} runs, scales {string.Join("/", Scales.Select(s => s + "x"))}, up to {MaxCircuits} circuits x {CircuitRuns}, " +
        $"{LedgerDays} days of ledger, {HistoryUpdates} updates of history" + (Only.Length > 0 ? $", only {string.Join(",", Only)}" : "");
}
