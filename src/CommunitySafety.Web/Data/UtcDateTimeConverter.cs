using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CommunitySafety.Web.Data;

/// <summary>
/// Every instant is stored as UTC and read back marked UTC, whichever provider: PostgreSQL's timestamptz refuses a
/// value of unspecified kind, and SQLite would hand one back. A local time is converted, never relabelled.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
