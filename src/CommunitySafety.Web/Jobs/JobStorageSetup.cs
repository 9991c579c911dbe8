using CommunitySafety.Web.Data;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;

namespace CommunitySafety.Web.Jobs;

public enum JobStorageKind
{
    /// <summary>PostgreSQL when the application database is PostgreSQL (or ConnectionStrings:Hangfire is set), else a SQLite file.</summary>
    Auto,

    /// <summary>A SQLite file of its own (<see cref="HangfireOptions.SqlitePath"/>): jobs survive a restart of this one machine.</summary>
    Sqlite,

    /// <summary>Hangfire.PostgreSql, shared by every instance.</summary>
    PostgreSql,

    /// <summary>Lost at every restart; only for trying things out.</summary>
    InMemory,
}

/// <summary>The job store for the configured database: durable by default, shared by every instance on PostgreSQL.</summary>
internal static class JobStorageSetup
{
    public const string PostgreSqlSchema = "hangfire";

    public static JobStorage Create(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var options = configuration.GetSection("Hangfire").Get<HangfireOptions>() ?? new HangfireOptions();
        var database = services.GetRequiredService<DatabaseTarget>();
        var ownPostgres = configuration.GetConnectionString("Hangfire");
        var kind = options.Storage;
        if (kind == JobStorageKind.Auto)
        {
            kind = !string.IsNullOrWhiteSpace(ownPostgres) || database.Provider == DatabaseProvider.PostgreSql ? JobStorageKind.PostgreSql : JobStorageKind.Sqlite;
        }

        switch (kind)
        {
            case JobStorageKind.InMemory:
                return new Hangfire.InMemory.InMemoryStorage();
            case JobStorageKind.Sqlite:
                var path = Path.IsPathRooted(options.SqlitePath)
                    ? options.SqlitePath
                    : Path.Combine(services.GetRequiredService<IHostEnvironment>().ContentRootPath, options.SqlitePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new SQLiteStorage(path, new SQLiteStorageOptions { QueuePollInterval = options.QueuePollInterval });
            default:
                var connectionString = !string.IsNullOrWhiteSpace(ownPostgres) ? ownPostgres
                    : database.Provider == DatabaseProvider.PostgreSql ? database.ConnectionString
                    : throw new InvalidOperationException("Hangfire:Storage is PostgreSql but neither ConnectionStrings:Hangfire nor a PostgreSQL application database is set.");
                var postgres = new PostgreSqlStorageOptions
                {
                    SchemaName = PostgreSqlSchema,
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = options.QueuePollInterval,
                    // A job whose instance died is offered to another one after this; a live worker keeps extending it.
                    InvisibilityTimeout = TimeSpan.FromMinutes(5),
                    UseSlidingInvisibilityTimeout = true,
                };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, postgres), postgres);
        }
    }
}
