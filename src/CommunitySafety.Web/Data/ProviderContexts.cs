using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CommunitySafety.Web.Data;

// One context type per provider, each with its own migrations set generated from AppDbContext's one model: EF's
// documented pattern for several providers. The app only ever sees AppDbContext; DatabaseTarget picks the type.

/// <summary>The SQLite migrations (Data/Migrations/Sqlite) belong to this type.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<AppDbContext> options) : AppDbContext(options);

/// <summary>The PostgreSQL migrations (Data/Migrations/PostgreSql) belong to this type.</summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<AppDbContext> options) : AppDbContext(options);

/// <summary>For <c>dotnet ef migrations add</c>: no database is opened, so any file name will do.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>For <c>dotnet ef migrations add</c>: no server is contacted.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAppDbContext>
{
    public PostgreSqlAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql("Host=localhost;Database=design-time").Options);
}
