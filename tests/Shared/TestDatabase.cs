using CommunitySafety.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CommunitySafety.Tests;

/// <summary>
/// A test host's own database on the provider the run is for: <c>CS_TEST_DATABASE=PostgreSql</c> with
/// <c>CS_TEST_POSTGRES</c> (a connection string with the right to create databases) runs everything on PostgreSQL;
/// otherwise SQLite files. The samples are loaded once per test process into a seed, and every host gets a copy of it
/// (a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL), which is far quicker than loading them again.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string ProviderVariable = "CS_TEST_DATABASE";
    public const string PostgresVariable = "CS_TEST_POSTGRES";

    private static readonly Lazy<TestDatabase> Seed = new(CreateSeed, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);

    private TestDatabase(DatabaseProvider provider, string? sqlitePath, string? postgresName)
    {
        Provider = provider;
        SqlitePath = sqlitePath;
        PostgresName = postgresName;
    }

    /// <summary>The provider this test run is for.</summary>
    public static DatabaseProvider RunProvider { get; } =
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable(ProviderVariable), ignoreCase: true, out var p) ? p : DatabaseProvider.Sqlite;

    /// <summary>Where the PostgreSQL server is; a run without one fails here, with what to do.</summary>
    public static string PostgresAdmin => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs
        ? cs
        : throw new InvalidOperationException(
            $"These tests need a PostgreSQL server and {PostgresVariable} is not set. Run ./test.sh (it starts a throwaway " +
            $"server on 127.0.0.1), or start one with `eval \"$(scripts/test-postgres.sh start)\"`.");

    public DatabaseProvider Provider { get; }

    public string? SqlitePath { get; }

    public string? PostgresName { get; }

    public string ConnectionString => Provider == DatabaseProvider.PostgreSql
        ? new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = PostgresName }.ConnectionString
        : $"Data Source={SqlitePath}";

    /// <summary>The app's settings that point it at this database.</summary>
    public IReadOnlyDictionary<string, string> Settings => Provider == DatabaseProvider.PostgreSql
        ? new Dictionary<string, string> { ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:Application"] = ConnectionString }
        : new Dictionary<string, string> { ["Database:Provider"] = "Sqlite", ["Database:Path"] = SqlitePath!, ["Hangfire:SqlitePath"] = HangfirePath! };

    /// <summary>The SQLite job store beside the SQLite database; on PostgreSQL the jobs are in the same database.</summary>
    public string? HangfirePath => SqlitePath is null ? null : SqlitePath + "-hangfire";

    /// <summary>The same settings as environment variables, for an app run as a separate process.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables => Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);

    /// <summary>A context of its own on this database, for a test that reads what app processes wrote.</summary>
    public AppDbContext OpenContext()
    {
        var target = new DatabaseTarget(Provider, ConnectionString);
        var options = new DbContextOptionsBuilder<AppDbContext>();
        target.Configure(options);
        return target.CreateContext(options.Options);
    }

    /// <summary>A database with nothing in it, not even the schema: the app's first start.</summary>
    public static TestDatabase Empty(DatabaseProvider? provider = null)
    {
        var chosen = provider ?? RunProvider;
        if (chosen == DatabaseProvider.Sqlite) return new TestDatabase(chosen, NewSqlitePath(), null);

        var name = NewPostgresName();
        Admin($"CREATE DATABASE \"{name}\"");
        return new TestDatabase(chosen, null, name);
    }

    /// <summary>A copy of the seed: schema, roles, both sample partnerships and their demo accounts.</summary>
    public static TestDatabase Seeded()
    {
        var seed = Seed.Value;
        if (seed.Provider == DatabaseProvider.Sqlite)
        {
            var copy = new TestDatabase(seed.Provider, NewSqlitePath(), null);
            File.Copy(seed.SqlitePath!, copy.SqlitePath!);
            File.Copy(seed.HangfirePath!, copy.HangfirePath!);
            return copy;
        }

        var name = NewPostgresName();
        // Copies of one template are made one at a time: PostgreSQL refuses a copy while the template is in use.
        TemplateGate.Wait();
        try
        {
            Admin($"CREATE DATABASE \"{name}\" TEMPLATE \"{seed.PostgresName}\"");
        }
        finally
        {
            TemplateGate.Release();
        }

        return new TestDatabase(seed.Provider, null, name);
    }

    public void Dispose()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            File.Delete(StartupLock.SqliteLockFile(SqlitePath!));
            foreach (var file in new[] { SqlitePath!, HangfirePath! })
            {
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    try { File.Delete(file + suffix); } catch (IOException) { }
                }
            }

            return;
        }

        using (var connection = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(connection);
        Admin($"DROP DATABASE IF EXISTS \"{PostgresName}\" WITH (FORCE)");
    }

    /// <summary>PostgreSQL only: the server turns away every new connection to this database and ends the open ones.</summary>
    public void RefuseConnections()
    {
        if (Provider != DatabaseProvider.PostgreSql) throw new NotSupportedException("Only a PostgreSQL database can be made to refuse connections.");
        Admin($"ALTER DATABASE \"{PostgresName}\" WITH ALLOW_CONNECTIONS false");
        Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{PostgresName}'");
        using var connection = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    /// <summary>PostgreSQL only: ends this database's sessions of one application name, as a network fault would.</summary>
    public void EndSessions(string applicationName)
    {
        if (Provider != DatabaseProvider.PostgreSql) throw new NotSupportedException("Only PostgreSQL sessions can be ended.");
        Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{PostgresName}' AND application_name = '{applicationName}'");
    }

    private static TestDatabase CreateSeed()
    {
        var seed = Empty();
        using (var app = new TestApp(seed, ownsDatabase: false))
        {
            app.StartServer();
        }

        if (seed.Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            using var connection = new SqliteConnection(seed.ConnectionString);
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
            // The job store's own connections are closed with its host; what is left in its log is folded in too.
            using var jobs = new SqliteConnection($"Data Source={seed.HangfirePath}");
            jobs.Open();
            using var jobsCheckpoint = jobs.CreateCommand();
            jobsCheckpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            jobsCheckpoint.ExecuteNonQuery();
        }
        else
        {
            using (var connection = new NpgsqlConnection(seed.ConnectionString)) NpgsqlConnection.ClearPool(connection);
            // No one may connect to the seed again, so a copy is never refused for someone else's session.
            Admin($"ALTER DATABASE \"{seed.PostgresName}\" WITH ALLOW_CONNECTIONS false IS_TEMPLATE true");
            Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{seed.PostgresName}'");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropSeed(seed);
        return seed;
    }

    private static void DropSeed(TestDatabase seed)
    {
        try
        {
            if (seed.Provider == DatabaseProvider.PostgreSql) Admin($"ALTER DATABASE \"{seed.PostgresName}\" WITH IS_TEMPLATE false");
            seed.Dispose();
        }
        catch (Exception)
        {
            // The server may already be gone at the end of the run; its data folder is thrown away with it.
        }
    }

    private static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(PostgresAdmin);
        try
        {
            connection.Open();
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"Cannot reach the test PostgreSQL server ({PostgresVariable}={PostgresAdmin}): {ex.Message}", ex);
        }

        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string NewSqlitePath()
    {
        var folder = Path.Combine(Path.GetTempPath(), "communitysafety-tests");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Guid.NewGuid():N}.db");
    }

    private static string NewPostgresName() => $"cs_test_{Guid.NewGuid():N}";
}
