using CommunitySafety.Web.Data;
using Microsoft.Data.Sqlite;
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
        : new Dictionary<string, string> { ["Database:Provider"] = "Sqlite", ["Database:Path"] = SqlitePath! };

    /// <summary>The same settings as environment variables, for an app run as a separate process.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables => Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);

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
            var path = NewSqlitePath();
            File.Copy(seed.SqlitePath!, path);
            return new TestDatabase(seed.Provider, path, null);
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
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                try { File.Delete(SqlitePath + suffix); } catch (IOException) { }
            }

            return;
        }

        using (var connection = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(connection);
        Admin($"DROP DATABASE IF EXISTS \"{PostgresName}\" WITH (FORCE)");
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
