using System.Data.Common;
using System.Diagnostics;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit.Abstractions;

namespace CommunitySafety.Web.Tests.Samples;

/// <summary>
/// The real <c>--load-samples</c> command, run as a child process on an empty database of its own (of the run's
/// provider), as someone fixing a sample file would run it: what it prints, its exit code and what it wrote.
/// </summary>
public sealed class SampleCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly List<TestDatabase> databases = [];

    public static string DamagedFolder => Path.Combine(TestApp.RepositoryRoot, "tests", "CommunitySafety.Web.Tests", "Samples", "Damaged");

    [Fact]
    public async Task Damaged_sample_files_are_listed_problem_by_problem_exit_1_and_nothing_is_written()
    {
        var database = Empty();

        var (exitCode, stdout, stderr) = await RunLoadSamplesAsync(DamagedFolder, database);

        var printed = stdout + stderr;
        var problems = stderr.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        var partnerships = CountPartnerships(database);
        output.WriteLine($"exit code {exitCode}; {problems.Count} problems listed; partnerships written: {partnerships}");
        foreach (var line in problems) output.WriteLine("  " + line);

        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("Unhandled exception", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.Contains("Nothing was loaded: 10 problems in 4 of 5 sample files", stderr, StringComparison.Ordinal);
        Assert.Contains("the good files were not loaded either", stderr, StringComparison.Ordinal);
        string[] expected =
        [
            "broken-json.json:8 $: not valid JSON",
            "duplicate-names.json:10 $.organisations[1].name: Two organisations are called 'Test Borough Council'",
            "duplicate-names.json:25 $.boards[0].members[2].person: 'inspector' is already a member of board 'csp'",
            "duplicate-names.json:28 $.boards[1].name: Two boards are called 'Good Test Partnership Board'",
            "duplicate-names.json:61 $.demoAccounts[1].email: Two demo accounts have the email",
            "unknown-key.json:10 $.organisations[1].colour: unknown key \"colour\"",
            "unknown-key.json:45 $.strategies[0].priorities[0].actions[0].leadPersn: unknown key \"leadPersn\": did you mean \"leadPerson\"?",
            "wrong-enum.json:9 $.organisations[0].kind: \"Counci\" is not an organisation kind",
            "wrong-enum.json:48 $.strategies[0].priorities[0].actions[0].status: \"Started\" is not an action status",
            "wrong-enum.json:49 $.strategies[0].priorities[0].actions[0].rag: 3 is not a RAG rating",
        ];
        Assert.Equal(expected.Length, problems.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith(expected[i], problems[i], StringComparison.Ordinal);
        }

        Assert.Equal(0, partnerships);
    }

    [Fact]
    public async Task The_real_samples_load_with_exit_0_and_a_second_run_changes_nothing()
    {
        var database = Empty();

        var first = await RunLoadSamplesAsync(TestApp.SamplesFolder, database);
        var second = await RunLoadSamplesAsync(TestApp.SamplesFolder, database);
        output.WriteLine($"first run: exit {first.ExitCode}; second run: exit {second.ExitCode}; partnerships: {CountPartnerships(database)}");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("melton.json: melton loaded", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("safermk.json: safermk loaded", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("melton.json: melton already loaded", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, CountPartnerships(database));
    }

    private TestDatabase Empty()
    {
        var database = TestDatabase.Empty();
        databases.Add(database);
        return database;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunLoadSamplesAsync(string samples, TestDatabase database)
    {
        // The app as the test project's build copied it; its folder is the content root, as under `dotnet run`.
        var app = Path.Combine(AppContext.BaseDirectory, "CommunitySafety.Web.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { app, "--load-samples" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["Samples__Path"] = samples,
                ["Samples__CreateDemoAccounts"] = "true",
            },
        };
        foreach (var (key, value) in database.EnvironmentVariables) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The --load-samples command did not finish within 3 minutes.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static long CountPartnerships(TestDatabase database)
    {
        using DbConnection connection = database.Provider == DatabaseProvider.PostgreSql
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection(database.ConnectionString + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM \"Partnerships\"";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        foreach (var database in databases) database.Dispose();
    }
}
