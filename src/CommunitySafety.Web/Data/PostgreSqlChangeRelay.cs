using System.Text.Json;
using CommunitySafety.Web.Features.Actions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CommunitySafety.Web.Data;

/// <summary>
/// Live refresh across instances on PostgreSQL's LISTEN/NOTIFY, on the application database itself: no new
/// infrastructure. Every instance NOTIFYs its own changes and LISTENs for everyone's; its own come back to it too and
/// are dropped, since <see cref="ActionChanges.Publish"/> has already shown them here.
/// </summary>
public static class PostgreSqlChangeRelay
{
    public const string Channel = "communitysafety_action_changes";

    public static IServiceCollection AddPostgreSqlChangeRelay(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (options.Provider != DatabaseProvider.PostgreSql) return services;
        services.AddSingleton<RelayInstance>();
        services.AddSingleton<IActionChangeRelay, PostgreSqlActionChangeSender>();
        services.AddSingleton<PostgreSqlActionChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlActionChangeListener>());
        return services;
    }

    internal static string Serialize(Guid instance, ActionChange change) =>
        JsonSerializer.Serialize(new Message(instance, change.PartnershipId, change.ActionId, change.ChangedAt));

    internal static (Guid Instance, ActionChange Change)? Deserialize(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<Message>(payload) is { } m ? (m.I, new ActionChange(m.P, m.A, DateTime.SpecifyKind(m.T, DateTimeKind.Utc))) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Short names: a NOTIFY payload is limited to 8,000 bytes and these travel to every instance.</summary>
    private sealed record Message(Guid I, int P, int A, DateTime T);
}

/// <summary>This process among the instances, so it can tell its own notifications from the others'.</summary>
public sealed class RelayInstance
{
    public Guid Id { get; } = Guid.NewGuid();
}

internal sealed class PostgreSqlActionChangeSender(DatabaseTarget database, RelayInstance instance) : IActionChangeRelay
{
    public async Task SendAsync(ActionChange change, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        notify.Parameters.AddWithValue("channel", PostgreSqlChangeRelay.Channel);
        notify.Parameters.AddWithValue("payload", PostgreSqlChangeRelay.Serialize(instance.Id, change));
        await notify.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// One connection held open for LISTEN, reopened whenever it drops. Whatever was NOTIFYed while it was down is gone
/// (PostgreSQL keeps nothing for an absent listener), so after a reconnection every partnership's open pages are told
/// to reload rather than show a picture that may be stale.
/// </summary>
public sealed class PostgreSqlActionChangeListener(
    DatabaseTarget database, RelayInstance instance, ActionChanges changes, IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider time, ILogger<PostgreSqlActionChangeListener> log) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this instance is listening (again, after a reconnection).</summary>
    public Task Listening => Volatile.Read(ref listening).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            // Notices a server that vanished without closing the connection, so the listener reconnects.
            KeepAlive = 15,
            Pooling = false,
            ApplicationName = "CommunitySafety change listener",
        }.ConnectionString;
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgreSqlChangeRelay.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (lost) await RefreshEverythingAsync(stoppingToken);
                lost = false;
                Volatile.Read(ref listening).TrySetResult();
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (!lost) log.LogWarning(ex, "Listening for other instances' changes failed; retrying every {Delay}", RetryDelay);
                lost = true;
                if (Listening.IsCompleted) Volatile.Write(ref listening, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                try
                {
                    await Task.Delay(RetryDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Receive(string payload)
    {
        if (PostgreSqlChangeRelay.Deserialize(payload) is not { } message)
        {
            log.LogWarning("Ignored a notification on {Channel} that is not an action change", PostgreSqlChangeRelay.Channel);
            return;
        }

        if (message.Instance != instance.Id) changes.Deliver(message.Change);
    }

    private async Task RefreshEverythingAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var partnershipId in await db.Partnerships.Select(p => p.Id).ToListAsync(ct))
        {
            changes.Deliver(new ActionChange(partnershipId, 0, now));
        }

        log.LogInformation("Listening for other instances' changes again; open pages reload");
    }
}
