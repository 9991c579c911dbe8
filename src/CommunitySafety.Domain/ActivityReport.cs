namespace CommunitySafety.Domain;

public enum ActivityReportStatus
{
    Draft,
    Final,
}

/// <summary>
/// The "Overview of Partnership Activity" paper for one meeting: drafted from the status updates flagged for it,
/// then edited by the coordinator until it is final.
/// </summary>
public class ActivityReport
{
    public int Id { get; set; }
    public int PartnershipId { get; set; }
    public Partnership? Partnership { get; set; }
    public int MeetingId { get; set; }
    public Meeting? Meeting { get; set; }

    /// <summary>As the paper names the author, e.g. "Melanie Marshman (Head of Partnerships and Resilience)".</summary>
    public string Author { get; set; } = "";

    public string Purpose { get; set; } = "";
    public string Recommendations { get; set; } = "";
    public ActivityReportStatus Status { get; set; }

    /// <summary>Drafted by a cleared user with exempt items in; only cleared users may see it, and it is marked EXEMPT.</summary>
    public bool IsRestricted { get; set; }

    /// <summary>The start of the period covered (the previous meeting), in UTC; null for a board's first meeting.</summary>
    public DateTime? PeriodStart { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<ActivityReportSection> Sections { get; set; } = [];
}

/// <summary>One numbered sub-section of "Partnership Activity to Note" (2.1 Tasking Board, 2.2 Prevent Board...).</summary>
public class ActivityReportSection
{
    public int Id { get; set; }
    public int ActivityReportId { get; set; }
    public ActivityReport? ActivityReport { get; set; }
    public int Order { get; set; }
    public string Heading { get; set; } = "";

    /// <summary>Paragraphs separated by blank lines.</summary>
    public string Body { get; set; } = "";
}
