using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CommunitySafety.EndToEnd.Tests;

public sealed record ServerLogEntry(int Sequence, LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() =>
        $"{Level} {Category}: {Message}{(Exception is null ? "" : Environment.NewLine + "  " + Exception.GetType().Name + ": " + Exception.Message)}";
}

/// <summary>
/// A logger provider in the test host keeping what the server logs as an error, or as a warning with an exception
/// (Blazor logs a component's unhandled exception as a warning), so a browser test can fail on a fault the page hid.
/// </summary>
public sealed class ServerLog : ILoggerProvider
{
    private readonly ConcurrentQueue<ServerLogEntry> entries = new();
    private int sequence;

    /// <summary>A point to read from: <see cref="ProblemsSince"/> returns only what was logged after it.</summary>
    public int Mark => Volatile.Read(ref sequence);

    public IReadOnlyList<ServerLogEntry> ProblemsSince(int mark) => entries.Where(e => e.Sequence > mark).OrderBy(e => e.Sequence).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>
    /// A JSDisconnectedException is not one: a component (MudBlazor's charts, say) called the browser just after the
    /// person left the page; nobody is there to see anything, and Blazor documents it as expected on disconnect.
    /// </summary>
    private static bool IsProblem(LogLevel level, Exception? exception) =>
        exception is not Microsoft.JSInterop.JSDisconnectedException
        && (level >= LogLevel.Error || (level == LogLevel.Warning && exception is not null));

    private sealed class Logger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsProblem(logLevel, exception)) return;
            log.entries.Enqueue(new ServerLogEntry(Interlocked.Increment(ref log.sequence), logLevel, category, formatter(state, exception), exception));
        }
    }
}
