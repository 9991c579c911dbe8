using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Data;

/// <summary>Every connection the app opens to its SQLite file reads it through a memory map, pooled or new.</summary>
[Trait("Provider", "Sqlite")]
public class SqliteMemoryMapTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Every_context_the_app_makes_reads_the_file_through_a_memory_map()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        for (var i = 0; i < 3; i++)
        {
            await using var db = await factory.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            var mapped = await db.Database.SqlQueryRaw<long>("PRAGMA mmap_size").ToListAsync();
            Assert.Equal(SqliteMemoryMap.MappedBytes, Assert.Single(mapped));
        }
    }
}
