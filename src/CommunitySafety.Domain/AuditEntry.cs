namespace CommunitySafety.Domain;

public enum AuditOperation
{
    Create,
    Change,
    Delete,
}

/// <summary>
/// One create, change or delete of strategy data, written in the same transaction as the change itself. Append-only:
/// the app never changes or deletes an entry.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime RecordedAt { get; set; }
    public string? UserId { get; set; }
    public string UserName { get; set; } = "";

    /// <summary>The kind of item, e.g. "Action" or "StatusUpdate".</summary>
    public string EntityType { get; set; } = "";

    public string EntityId { get; set; } = "";
    public AuditOperation Operation { get; set; }

    /// <summary>The changed fields' values before, as a JSON object (null for a create).</summary>
    public string? Before { get; set; }

    /// <summary>The changed fields' values after, as a JSON object (null for a delete).</summary>
    public string? After { get; set; }

    /// <summary>Shared by every entry of one save, so a status update and the action change it made go together.</summary>
    public Guid ChangeSetId { get; set; }
}
