using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunitySafety.Web.Data;

/// <summary>
/// Has SQLite read the database file through a memory map rather than copy pages into each connection's own cache.
/// That cache is 2 MB by default: a county's partnership outgrows it (20,000 actions are 4 MB of one table), and a
/// dashboard that read every action from it then took 7 times as long for 4 times the data. Mapped pages are the
/// operating system's, shared by every connection, so this costs no memory per connection.
/// </summary>
internal sealed class SqliteMemoryMap : DbConnectionInterceptor
{
    public static readonly SqliteMemoryMap Instance = new();

    /// <summary>
    /// The most of the file mapped: address space only, the most SQLite allows (just under 2 GB). The benchmark's
    /// partnership of 5,000 actions with a year of updates is a 135 MB file; one of 20,000, 540 MB.
    /// </summary>
    public const long MappedBytes = 2147418112;

    private const string Pragma = "PRAGMA mmap_size = 2147418112;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is not SqliteConnection) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is not SqliteConnection) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
