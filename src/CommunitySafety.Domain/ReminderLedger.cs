namespace CommunitySafety.Domain;

/// <summary>
/// The ledger of reminders: one row per person, item and occasion (unique), written before anything is sent, so a
/// rerun, a restart or a second app instance never sends the same reminder twice, and a failed send stays on show.
/// The ledger, not the job store, says what is still to send and when: <see cref="NextAttemptAt"/> carries the retry
/// schedule, and a hold (<see cref="ClaimedBy"/>) left by a process that died is released by the next sweep.
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

    /// <summary>Send attempts made: one per try at handing the email to the mail server, however often the scan runs.</summary>
    public int Attempts { get; set; }

    /// <summary>Not to be tried before this (UTC): now for a new notice, later after a failed attempt.</summary>
    public DateTime NextAttemptAt { get; set; }

    public DateTime? LastAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTime? SentAt { get; set; }

    /// <summary>
    /// The Message-ID of the email that carries this notice, fixed when the email is first put together and kept for
    /// every later attempt, so a copy that did arrive and a resend are recognisably the same message.
    /// </summary>
    public string? MessageId { get; set; }

    /// <summary>Set while one send holds the notice, so two instances never send it at once.</summary>
    public Guid? ClaimedBy { get; set; }

    public DateTime? ClaimedAt { get; set; }

    /// <summary>
    /// When the current attempt began handing the message itself to the mail server. From then on the server may have
    /// accepted it even if no answer comes back, so a hold that expires after this is "possibly sent", not retried.
    /// </summary>
    public DateTime? HandedOverAt { get; set; }
}

/// <summary>How often and how soon a reminder that could not be handed over is tried again.</summary>
public static class ReminderRetry
{
    /// <summary>The first try and four more, then the notice is marked failed for the coordinators.</summary>
    public const int MaxAttempts = 5;

    private static readonly TimeSpan[] Delays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)];

    /// <summary>The wait after the <paramref name="attempts"/>th failed attempt.</summary>
    public static TimeSpan DelayAfter(int attempts) => Delays[Math.Clamp(attempts - 1, 0, Delays.Length - 1)];

    public static bool GivesUpAfter(int attempts) => attempts >= MaxAttempts;
}

/// <summary>A person's choice of digest timing for milestone reminders.</summary>
public class ReminderPreference
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public MilestoneDigestTiming MilestoneTiming { get; set; }
}

/// <summary>A secret link put in an email: withdrawn again if that email certainly never left.</summary>
public interface IRevocableLink
{
    DateTime? RevokedAt { get; set; }
}

/// <summary>
/// A link emailed to an action's lead to post one status update without a password. Only a hash of its secret is
/// kept; it expires, can be revoked, and every use is recorded in <see cref="UpdateLinkUse"/>.
/// </summary>
public class UpdateLink : IRevocableLink
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
