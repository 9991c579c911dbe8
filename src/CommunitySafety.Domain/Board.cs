namespace CommunitySafety.Domain;

/// <summary>The partnership itself or one of its sub-groups (Tasking Board, Risk Board, Prevent Board, JAG...).</summary>
public class Board
{
    public int Id { get; set; }
    public int PartnershipId { get; set; }
    public Partnership? Partnership { get; set; }
    public string Name { get; set; } = "";
    public BoardKind Kind { get; set; }
    public string? Purpose { get; set; }
    public int? ParentBoardId { get; set; }
    public Board? ParentBoard { get; set; }
    public int? ChairId { get; set; }
    public Person? Chair { get; set; }
    public List<BoardMember> Members { get; set; } = [];
    public List<Meeting> Meetings { get; set; } = [];
}

public class BoardMember
{
    public int Id { get; set; }
    public int BoardId { get; set; }
    public Board? Board { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public MembershipRole Role { get; set; }

    /// <summary>What the member represents, e.g. "Representative of Rural Parish Councils".</summary>
    public string? Representing { get; set; }
}

public class Meeting
{
    public int Id { get; set; }
    public int BoardId { get; set; }
    public Board? Board { get; set; }

    /// <summary>Start of the meeting, in UTC.</summary>
    public DateTime StartsAt { get; set; }

    public string? Location { get; set; }

    /// <summary>True when part of the meeting is held with the press and public excluded (Schedule 12A exempt items).</summary>
    public bool HasPrivatePart { get; set; }

    public string? Notes { get; set; }
}
