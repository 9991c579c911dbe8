using System.Text.RegularExpressions;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CommunitySafety.Web.Tests.Data;

/// <summary>
/// The one model has a migrations set per provider. A model change without a migration in both sets fails here,
/// before it fails on someone's server at startup. Neither check opens a database.
/// </summary>
public class MigrationsTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_migrations_of_each_provider_match_the_model(DatabaseProvider provider)
    {
        using var db = Context(provider);

        Assert.True(db.GetService<IMigrationsAssembly>().Migrations.Count > 0, $"No migrations for {provider}.");
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model has changed since the last {provider} migration. Add a migration to both sets: scripts/add-migration.sh <Name> (README, Migrations).");
    }

    [Fact]
    public void Both_sets_have_the_same_migrations_in_the_same_order()
    {
        using var sqlite = Context(DatabaseProvider.Sqlite);
        using var postgres = Context(DatabaseProvider.PostgreSql);

        Assert.Equal(Names(sqlite), Names(postgres));
    }

    private static AppDbContext Context(DatabaseProvider provider)
    {
        var target = provider == DatabaseProvider.Sqlite
            ? new DatabaseTarget(provider, "Data Source=:memory:")
            : new DatabaseTarget(provider, "Host=127.0.0.1;Database=never-opened");
        var options = new DbContextOptionsBuilder<AppDbContext>();
        target.Configure(options);
        return target.CreateContext(options.Options);
    }

    /// <summary>Migration ids without their timestamps: 20261201120000_InitialCreate → InitialCreate.</summary>
    private static List<string> Names(AppDbContext db) =>
        db.Database.GetMigrations().Select(id => Regex.Replace(id, "^[0-9]+_", "")).ToList();
}
