namespace CommunitySafety.Web.Features.Reports;

public enum ReportAccess
{
    Allowed,
    NotFound,

    /// <summary>Asked for the private (exempt) version without being cleared for it.</summary>
    NotCleared,
}

public sealed record ReportResult<T>(ReportAccess Access, T? Report) where T : class
{
    public static ReportResult<T> NotFound { get; } = new(ReportAccess.NotFound, null);

    public static ReportResult<T> NotCleared { get; } = new(ReportAccess.NotCleared, null);
}
