using System.Diagnostics;
using System.Globalization;
using CommunitySafety.Tests;
using CommunitySafety.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Tests.Data;

/// <summary>
/// The app always comes back: killed (SIGKILL, a child process of the test) at any moment of its first start, the next
/// start works; two instances first started together on an empty database both start and load the samples once.
/// </summary>
public sealed class StartupTests
{
    // Generous: a first start loads the samples, and an instance waits for the other's start on a busy machine. A hang
    // (the stale migrations lock) never ends, so it still fails.
    private static readonly TimeSpan Start = TimeSpan.FromMinutes(5);

    private static Dictionary<string, string> Settings(TestDatabase database) => new(database.Settings)
    {
        ["Samples:Path"] = TestApp.SamplesFolder,
        ["Reminders:Cron"] = "0 0 31 2 *",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations"] = "Information",
        ["Logging:LogLevel:CommunitySafety"] = "Information",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    };

    [Fact]
    [Trait("Provider", "Sqlite")]
    public async Task A_migrations_lock_left_by_a_process_killed_while_migrating_does_not_stop_the_next_start()
    {
        using var database = TestDatabase.Seeded();
        await using (var db = database.OpenContext())
        {
            // What EF Core's SQLite migrator leaves when killed between taking its lock and letting it go.
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsLock\" (\"Id\", \"Timestamp\") VALUES (1, '2026-12-01 07:00:00')");
        }

        using var app = AppProcess.Start(Settings(database));
        await app.WaitUntilHealthyAsync(Start);

        await using var after = database.OpenContext();
        Assert.Equal(0, await after.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM \"__EFMigrationsLock\"").SingleAsync());
    }

    [Fact]
    public async Task Killed_at_each_step_of_its_first_start_the_app_starts_the_next_time_with_the_samples_loaded_once()
    {
        using var database = TestDatabase.Empty();
        // On SQLite, EF Core's own migrations lock is a row that a kill can leave behind; PostgreSQL's is a session lock.
        string[] moments = database.Provider == Web.Data.DatabaseProvider.Sqlite
            ? ["Acquiring an exclusive lock for migration application", "Applying migration", "Loaded sample partnership"]
            : ["Applying migration", "Loaded sample partnership"];
        var killedAt = new List<string>();
        foreach (var moment in moments)
        {
            using var app = AppProcess.Start(Settings(database));
            var seen = await WaitForLogAsync(app, moment);
            app.Kill();
            killedAt.Add(seen ? moment : "after it had started");
        }

        using var final = AppProcess.Start(Settings(database));
        await final.WaitUntilHealthyAsync(Start);
        final.Kill();

        // A kill lands a few milliseconds after its line; a step may just have finished. Mid-migration and mid-samples
        // must each have been hit at least once, or the test tested nothing.
        Assert.True(killedAt.Contains(moments[^1]) && killedAt.Take(moments.Length - 1).Any(moments.Contains), "Killed at: " + string.Join(", ", killedAt));
        await AssertLoadedOnceAsync(database);
    }

    [Fact]
    public async Task Two_instances_first_started_together_on_an_empty_database_both_start_and_load_the_samples_once()
    {
        using var database = TestDatabase.Empty();

        using var a = AppProcess.Start(Settings(database));
        using var b = AppProcess.Start(Settings(database));
        await AppProcess.WaitUntilAllHealthyAsync(Start, a, b);
        a.Kill();
        b.Kill();

        Assert.DoesNotContain("Unhandled exception", a.Log + b.Log);
        await AssertLoadedOnceAsync(database);
        await using var db = database.OpenContext();
        // One key made under the startup lock, so neither instance refuses the other's cookies.
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }

    private static async Task AssertLoadedOnceAsync(TestDatabase database)
    {
        using var reference = TestDatabase.Seeded();
        await using var expected = reference.OpenContext();
        await using var db = database.OpenContext();
        Assert.Equal(["melton", "safermk"], await db.Partnerships.OrderBy(p => p.Slug).Select(p => p.Slug).ToListAsync());
        Assert.Equal(await expected.Actions.CountAsync(), await db.Actions.CountAsync());
        Assert.Equal(await expected.Users.CountAsync(), await db.Users.CountAsync());
        Assert.Equal(AppRoles.All.Length, await db.Roles.CountAsync());
    }

    /// <summary>Whether the line appeared before the app finished starting (then it is killed all the same).</summary>
    private static async Task<bool> WaitForLogAsync(AppProcess app, string text)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Start)
        {
            if (app.Log.Contains(text, StringComparison.Ordinal)) return true;
            if (app.HasExited) throw new InvalidOperationException($"The app exited before '{text}':\n{app.Log}");
            if (app.Log.Contains("Now listening on", StringComparison.Ordinal)) return false;
            await Task.Delay(5);
        }

        throw new TimeoutException($"No '{text}' within {Start.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s:\n{app.Log}");
    }
}
