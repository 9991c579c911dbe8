namespace CommunitySafety.Domain;

/// <summary>
/// Before a board meeting, the owners of the actions the board oversees are asked for a status update: one email
/// each with a personal link, chasers for those who have not answered, and the completeness figure in the meeting.
/// The round closes when the meeting starts, or earlier if a coordinator closes it.
/// </summary>
public class UpdateRound
{
    public int Id { get; set; }
    public int PartnershipId { get; set; }
    public int BoardId { get; set; }
    public Board? Board { get; set; }
    public int MeetingId { get; set; }
    public Meeting? Meeting { get; set; }

    /// <summary>The last London calendar day for answers.</summary>
    public DateOnly Deadline { get; set; }

    public DateTime OpenedAt { get; set; }
    public string OpenedByUserId { get; set; } = "";
    public string OpenedByName { get; set; } = "";

    /// <summary>The coordinator who opened it, if they are one of the partnership's people: they get the list of who has not answered.</summary>
    public int? OpenedByPersonId { get; set; }

    /// <summary>Set when a coordinator closes the round before its meeting.</summary>
    public DateTime? ClosedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public List<UpdateRoundAction> Actions { get; set; } = [];

    /// <summary>Closed once the meeting has started or a coordinator has closed it: its links stop working.</summary>
    public bool IsClosedAt(DateTime utcNow, DateTime meetingStartsAtUtc) => ClosedAt is not null || utcNow >= meetingStartsAtUtc;
}

/// <summary>An action in a round. An action counts as answered once it has a status update from the round's opening on.</summary>
public class UpdateRoundAction
{
    public int Id { get; set; }
    public int UpdateRoundId { get; set; }
    public UpdateRound? UpdateRound { get; set; }
    public int ActionId { get; set; }
    public Action? Action { get; set; }
    public DateTime AddedAt { get; set; }
}

/// <summary>
/// An owner's personal link to their round page. Each email carries a new one, as only the hash is kept; every live
/// link of an owner opens the same page, so a resend never stops an earlier email's link working. The page shows
/// only what the person may answer for, checked again at every use.
/// </summary>
public class UpdateRoundLink : IRevocableLink
{
    public int Id { get; set; }
    public int UpdateRoundId { get; set; }
    public UpdateRound? UpdateRound { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}
