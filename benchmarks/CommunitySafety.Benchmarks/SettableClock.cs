namespace CommunitySafety.Benchmarks;

/// <summary>A clock the benchmark moves from day to day, for a year of reminder scans.</summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
