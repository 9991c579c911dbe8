namespace CommunitySafety.Web.Data;

/// <summary>
/// Proof that a submission was saved, written in the same transaction as the change itself. Its id is the one the
/// person's page gave the submission before sending it, so a resubmit is recognised and a page that lost the answer
/// (a dropped connection, a server killed after the commit) can find out afterwards that the change was stored.
/// </summary>
public sealed class SaveReceipt
{
    public Guid Id { get; set; }
    public DateTime SavedAt { get; set; }

    /// <summary>Who saved it: a resubmit is recognised only for the same person.</summary>
    public string? UserId { get; set; }
}
