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

    /// <summary>The partnership the item belongs to, so each partnership reads its own log; null for none.</summary>
    public int? PartnershipId { get; set; }

    /// <summary>The action the item is or belongs to (a status update, an action's milestone or funding), if any.</summary>
    public int? ActionId { get; set; }

    /// <summary>
    /// The other item whose restriction governs this entry, when that is not the action: the milestone, outcome,
    /// funding stream or activity report it is or belongs to ("Milestone", "Outcome", "FundingStream", "ActivityReport").
    /// </summary>
    public string? RestrictedBy { get; set; }

    public int? RestrictedById { get; set; }

    /// <summary>The item was exempt information when the change was made; whether it is now is checked when reading.</summary>
    public bool WasRestricted { get; set; }

    /// <summary>What the partnership calls the item, as it was then: "VC-03", a milestone's title, a board's name.</summary>
    public string? Subject { get; set; }
}
