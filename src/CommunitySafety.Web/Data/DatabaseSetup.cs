using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Data;

public enum DatabaseProvider
{
    /// <summary>One SQLite file on this machine: the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for several instances or a county hosting many partnerships.</summary>
    PostgreSql,
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The SQLite file. Relative paths are under the app's content root.</summary>
    public string Path { get; set; } = "App_Data/communitysafety.db";
}

/// <summary>The application database as configured: where it is, which provider, and the connection string.</summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString)
{
    public const string ConnectionStringName = "Application";

    /// <summary>The SQLite file, for the SQLite provider only.</summary>
    public string? SqlitePath => Provider == DatabaseProvider.Sqlite ? new SqliteConnectionStringBuilder(ConnectionString).DataSource : null;

    public static DatabaseTarget From(IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            var connectionString = configuration.GetConnectionString(ConnectionStringName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"Database:Provider is PostgreSql but ConnectionStrings:{ConnectionStringName} is not set " +
                    "(for example ConnectionStrings__Application='Host=db.council.internal;Database=communitysafety;Username=cs;Password=...').");
            }

            return new DatabaseTarget(DatabaseProvider.PostgreSql, connectionString);
        }

        var path = System.IO.Path.IsPathRooted(options.Path) ? options.Path : System.IO.Path.Combine(contentRoot, options.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return new DatabaseTarget(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
        }.ToString());
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        if (Provider == DatabaseProvider.PostgreSql) options.UseNpgsql(ConnectionString);
        else options.UseSqlite(ConnectionString).AddInterceptors(SqliteMemoryMap.Instance);
    }

    /// <summary>A context of the provider's own type, so that EF finds that provider's migrations.</summary>
    public AppDbContext CreateContext(DbContextOptions<AppDbContext> options) =>
        Provider == DatabaseProvider.PostgreSql ? new PostgreSqlAppDbContext(options) : new SqliteAppDbContext(options);
}

public static class DatabaseSetup
{
    public static IServiceCollection AddPartnershipDatabase(this IServiceCollection services, IHostEnvironment environment)
    {
        // Read when first needed, not now: a test host's configuration is only complete once built.
        services.AddSingleton(sp => DatabaseTarget.From(sp.GetRequiredService<IConfiguration>(), environment.ContentRootPath));
        return services.AddPartnershipDatabase();
    }

    /// <summary>The contexts for the <see cref="DatabaseTarget"/> registered; <paramref name="extra"/> adds interceptors and the like.</summary>
    public static IServiceCollection AddPartnershipDatabase(this IServiceCollection services, Action<DbContextOptionsBuilder>? extra = null) =>
        services.AddDbContextFactory<AppDbContext, ProviderContextFactory>((sp, o) =>
        {
            sp.GetRequiredService<DatabaseTarget>().Configure(o);
            if (sp.GetService<Features.Actions.ActionChanges>() is { } changes) o.AddInterceptors(new AuditAnnouncer(changes));
            extra?.Invoke(o);
        });

    /// <summary>Applies migrations and, on SQLite, switches the file to write-ahead logging so readers never block the writer.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    private sealed class ProviderContextFactory(DbContextOptions<AppDbContext> options, DatabaseTarget target) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => target.CreateContext(options);
    }
}
