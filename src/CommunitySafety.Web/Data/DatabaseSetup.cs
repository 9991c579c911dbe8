using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Data;

public sealed class DatabaseOptions
{
    /// <summary>The SQLite file. Relative paths are under the app's content root.</summary>
    public string Path { get; set; } = "App_Data/communitysafety.db";
}

public static class DatabaseSetup
{
    public static IServiceCollection AddPartnershipDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Read when the first context is made, not now: a test host's configuration is only complete once built.
        services.AddDbContextFactory<AppDbContext>((provider, o) => o.UseSqlite(ConnectionString(provider.GetRequiredService<IConfiguration>(), environment)));
        return services;
    }

    private static string ConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var path = System.IO.Path.IsPathRooted(options.Path) ? options.Path : System.IO.Path.Combine(environment.ContentRootPath, options.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Applies migrations and switches the file to write-ahead logging so readers never block the writer.</summary>
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
}
