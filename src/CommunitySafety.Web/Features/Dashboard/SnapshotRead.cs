namespace CommunitySafety.Web.Features.Dashboard;

/// <summary>
/// How current a partnership's data was when one page began to load (<see cref="DashboardSnapshots.BeginRead"/>): the
/// changes this instance had heard of then, and the audit log's newest entry as last looked at, taken when first
/// needed. For one load only: a page that loads again begins a new read, or it would keep showing what it showed.
/// </summary>
public sealed class SnapshotRead
{
    internal SnapshotRead(int partnershipId, long changes, Lazy<Task<long>> dataVersion)
    {
        PartnershipId = partnershipId;
        Changes = changes;
        DataVersion = dataVersion;
    }

    public int PartnershipId { get; }

    internal long Changes { get; }

    internal Lazy<Task<long>> DataVersion { get; }
}
