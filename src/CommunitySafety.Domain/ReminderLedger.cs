namespace CommunitySafety.Domain;

/// <summary>
/// The ledger of reminders: one row per person, item and occasion (unique), written before anything is sent, so a
/// rerun, a restart or a second app instance never sends the same reminder twice, and a failed send stays on show.
/// </summary>
public class ReminderNotice
{
    public int Id { get; set; }
    public int PartnershipId { get; set; }
    public int RecipientPersonId { get; set; }
    public Person? Recipient { get; set; }
    public ReminderItemType ItemType { get; set; }
    public int ItemId { get; set; }
    public ReminderKind Kind { get; set; }
    public string Occasion { get; set; } = "";
    public DateOnly DueDate { get; set; }
    public DateOnly ScanDate { get; set; }
    public DateTime CreatedAt { get; set; }
    public ReminderStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime? SentAt { get; set; }

    /// <summary>Set while one send job holds the notice, so two instances never send it at once.</summary>
    public Guid? ClaimedBy { get; set; }

    public DateTime? ClaimedAt { get; set; }
}

/// <summary>A person's choice of digest timing for milestone reminders.</summary>
public class ReminderPreference
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public MilestoneDigestTiming MilestoneTiming { get; set; }
}

/// <summary>
/// A link emailed to an action's lead to post one status update without a password. Only a hash of its secret is
/// kept; it expires, can be revoked, and every use is recorded in <see cref="UpdateLinkUse"/>.
/// </summary>
public class UpdateLink
{
    public int Id { get; set; }
    public string TokenHash { get; set; } = "";
    public int ActionId { get; set; }
    public Action? Action { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public int UsedCount { get; set; }

    public bool IsUsableAt(DateTime utcNow) => RevokedAt is null && utcNow < ExpiresAt;
}

public class UpdateLinkUse
{
    public int Id { get; set; }
    public int UpdateLinkId { get; set; }
    public UpdateLink? UpdateLink { get; set; }
    public int StatusUpdateId { get; set; }
    public DateTime UsedAt { get; set; }
    public string? RemoteAddress { get; set; }
}

public enum CalendarFeedScope
{
    Person,
    Partnership,
}

/// <summary>A revocable secret address for an iCalendar feed, so Outlook can subscribe without signing in.</summary>
public class CalendarFeed
{
    public int Id { get; set; }
    public string TokenHash { get; set; } = "";
    public CalendarFeedScope Scope { get; set; }
    public int PartnershipId { get; set; }
    public int? PersonId { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
