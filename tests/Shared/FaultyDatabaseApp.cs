using System.Collections.Concurrent;
using System.Data.Common;
using CommunitySafety.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommunitySafety.Tests;

/// <summary>
/// The test app on a database that can be made to fail as real ones do, while the app runs: refuse every write (the
/// database engine itself refuses, as for a file made read-only), lose the answer to a commit that did happen, or
/// hold the person's save just after its commit (as when the connection drops at that moment). Everything the app
/// logs is kept, to count how often a failure was logged.
/// </summary>
public class FaultyDatabaseApp : TestApp
{
    public DatabaseFaults Faults { get; } = new();

    public LogRecorder Logs { get; } = new();

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        Faults.AddTo(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>The faults a test can switch on in a test host's database; see <see cref="FaultyDatabaseApp"/>.</summary>
public sealed class DatabaseFaults
{
    /// <summary>Puts the faults into the host's database contexts (all of them off until a test switches one on).</summary>
    public void AddTo(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(WriteRefusal, Commits)));

    internal WriteRefusalInterceptor WriteRefusal { get; } = new();
    internal CommitFaultInterceptor Commits { get; } = new();

    /// <summary>
    /// Every connection opened from now on refuses writes in the database engine: SQLite's query_only (an INSERT
    /// fails with SQLITE_READONLY, "attempt to write a readonly database"), or a read-only default transaction on
    /// PostgreSQL. Reads go on working, as on a file made read-only.
    /// </summary>
    public bool RefuseWrites
    {
        get => WriteRefusal.Refusing;
        set => WriteRefusal.Refusing = value;
    }

    /// <summary>The next commit of a person's submission succeeds, then its caller gets an error instead of the answer.</summary>
    public void LoseNextAnswer() => Commits.LoseNext = true;

    /// <summary>
    /// The next commit of a person's submission succeeds, then its caller waits until the returned hold is released:
    /// the save is stored but its answer never reaches the page. <see cref="CommitHold.Committed"/> completes at the commit.
    /// </summary>
    public CommitHold HoldNextAnswer() => Commits.Hold = new CommitHold();
}

public sealed class CommitHold : IDisposable
{
    private readonly TaskCompletionSource committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Committed => committed.Task;

    internal async Task WaitAsync()
    {
        committed.TrySetResult();
        await released.Task;
    }

    public void Dispose() => released.TrySetResult();
}

/// <summary>What a connection to the database says when it dies between the commit and the answer.</summary>
public sealed class LostAnswerException() : DbException("The connection was lost before the database answered the commit (simulated by the test).");

internal sealed class WriteRefusalInterceptor : DbConnectionInterceptor
{
    private volatile bool refusing;

    public bool Refusing
    {
        get => refusing;
        set => refusing = value;
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        // Set on every open, both ways: pooled connections keep the setting of their last use.
        command.CommandText = connection.GetType().Name.StartsWith("Npgsql", StringComparison.Ordinal)
            ? $"SET default_transaction_read_only = {(refusing ? "on" : "off")}"
            : $"PRAGMA query_only = {(refusing ? 1 : 0)}";
        return command;
    }
}

internal sealed class CommitFaultInterceptor : DbTransactionInterceptor
{
    private volatile bool loseNext;
    private CommitHold? hold;

    public bool LoseNext
    {
        get => loseNext;
        set => loseNext = value;
    }

    public CommitHold? Hold
    {
        get => Volatile.Read(ref hold);
        set => Volatile.Write(ref hold, value);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (IsSubmission(eventData) && Interlocked.Exchange(ref hold, null) is { } held) held.WaitAsync().GetAwaiter().GetResult();
        if (IsSubmission(eventData) && loseNext)
        {
            loseNext = false;
            throw new LostAnswerException();
        }
    }

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsSubmission(eventData) && Interlocked.Exchange(ref hold, null) is { } held) await held.WaitAsync();
        if (IsSubmission(eventData) && loseNext)
        {
            loseNext = false;
            throw new LostAnswerException();
        }
    }

    private static bool IsSubmission(TransactionEndEventData eventData) => eventData.Context is AppDbContext { SubmissionId: not null };
}

/// <summary>Keeps every log entry the app writes, to check a failure is logged once with what failed.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> records = new();

    public IReadOnlyList<LogRecord> Records => [.. records];

    /// <summary>The entries at Error or above written since <paramref name="mark"/> (a count of <see cref="Records"/> taken before).</summary>
    public IReadOnlyList<LogRecord> ErrorsSince(int mark) => [.. records.Skip(mark).Where(r => r.Level >= LogLevel.Error)];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.records.Enqueue(new LogRecord(logLevel, category, formatter(state, exception), exception));
        }
    }
}

public sealed record LogRecord(LogLevel Level, string Category, string Message, Exception? Exception);
