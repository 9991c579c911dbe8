using Microsoft.Data.Sqlite;
using Npgsql;

namespace CommunitySafety.Web.Data;

/// <summary>
/// One instance at a time does what every instance does on start (migrations, roles, the first Data Protection key,
/// the samples), so instances started together never race, and the lock is one that the operating system or the
/// database server lets go of when its holder dies: a kill at any moment never leaves the app unable to start.
/// </summary>
public static class StartupLock
{
    /// <summary>pg_advisory_lock's key: "CSstartup" folded into 64 bits, unlikely to be anyone else's.</summary>
    private const long PostgreSqlKey = 0x4353_7374_6172_7475;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static async Task<IAsyncDisposable> AcquireAsync(DatabaseTarget database, ILogger log, CancellationToken ct = default)
    {
        var held = database.Provider == DatabaseProvider.PostgreSql
            ? await PostgreSqlAsync(database, log, ct)
            : await SqliteAsync(database.SqlitePath!, log, ct);
        if (database.Provider == DatabaseProvider.Sqlite) await ClearStaleMigrationLockAsync(database, log, ct);
        return held;
    }

    /// <summary>The lock file beside the database; SQLite's own file name plus a suffix.</summary>
    public static string SqliteLockFile(string databasePath) => databasePath + ".startup-lock";

    /// <summary>
    /// An exclusive lock on a file beside the database (flock on Linux, held by the open file and dropped by the
    /// kernel when the process ends, however it ends).
    /// </summary>
    private static async Task<IAsyncDisposable> SqliteAsync(string databasePath, ILogger log, CancellationToken ct)
    {
        var waiting = false;
        while (true)
        {
            try
            {
                return new FileStream(SqliteLockFile(databasePath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                if (!waiting) log.LogInformation("Waiting for another instance to finish starting on {Database}", databasePath);
                waiting = true;
                await Task.Delay(Poll, ct);
            }
        }
    }

    /// <summary>A session-level advisory lock on its own connection: the server drops it when the session ends.</summary>
    private static async Task<IAsyncDisposable> PostgreSqlAsync(DatabaseTarget database, ILogger log, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Pooling = false,
            ApplicationName = "CommunitySafety startup",
        }.ConnectionString);
        await connection.OpenAsync(ct);
        try
        {
            await using var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({PostgreSqlKey})", connection);
            if (await tryLock.ExecuteScalarAsync(ct) is not true)
            {
                log.LogInformation("Waiting for another instance to finish starting on the same database");
                await using var wait = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgreSqlKey})", connection) { CommandTimeout = 0 };
                await wait.ExecuteNonQueryAsync(ct);
            }

            // Closing the session releases the lock; nothing more to undo.
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// EF Core's SQLite migrations lock is a row in __EFMigrationsLock that nothing removes if the process dies
    /// holding it, and every later start would wait for it for ever. Under the startup lock no other instance is
    /// migrating, so a row found now is a dead process's.
    /// </summary>
    private static async Task ClearStaleMigrationLockAsync(DatabaseTarget database, ILogger log, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0) return;
        await using var clear = connection.CreateCommand();
        clear.CommandText = "DELETE FROM \"__EFMigrationsLock\"";
        if (await clear.ExecuteNonQueryAsync(ct) > 0)
        {
            log.LogWarning("Removed the migrations lock left by a process that stopped while migrating {Database}", database.SqlitePath);
        }
    }
}
