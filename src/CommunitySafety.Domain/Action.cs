namespace CommunitySafety.Domain;

/// <summary>One line of the annual action plan, led by a partner organisation and overseen by a board.</summary>
public class Action
{
    public int Id { get; set; }
    public int PriorityId { get; set; }
    public Priority? Priority { get; set; }

    /// <summary>The partnership's own reference, e.g. "VC-03".</summary>
    public string Reference { get; set; } = "";

    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public int? LeadOrganisationId { get; set; }
    public PartnerOrganisation? LeadOrganisation { get; set; }
    public int? LeadPersonId { get; set; }
    public Person? LeadPerson { get; set; }

    /// <summary>Stands in for the lead: asked in update rounds with them, and may update the action as they may.</summary>
    public int? DeputyPersonId { get; set; }

    public Person? DeputyPerson { get; set; }
    public int? BoardId { get; set; }
    public Board? Board { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? DueDate { get; set; }
    public ActionStatus Status { get; set; }
    public RagRating Rag { get; set; }
    public int ProgressPercent { get; set; }
    public DateOnly? CompletedOn { get; set; }

    /// <summary>Exempt information: only people cleared for it may see the action.</summary>
    public bool IsRestricted { get; set; }

    /// <summary>When the action was last given a status update (UTC).</summary>
    public DateTime? LastUpdatedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Optimistic concurrency token: changes on every save.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<StatusUpdate> StatusUpdates { get; set; } = [];
    public List<Milestone> Milestones { get; set; } = [];
    public List<FundingAllocation> FundingAllocations { get; set; } = [];

    public bool IsOpen => Status is ActionStatus.NotStarted or ActionStatus.InProgress;

    /// <summary>The action's lead or its deputy.</summary>
    public bool IsLedBy(int personId) => LeadPersonId == personId || DeputyPersonId == personId;

    /// <summary>Who answers for the action: its lead and, if one is named, its deputy.</summary>
    public IEnumerable<int> Owners()
    {
        if (LeadPersonId is { } lead) yield return lead;
        if (DeputyPersonId is { } deputy && deputy != LeadPersonId) yield return deputy;
    }

    /// <summary>Open and past its due date on the partnership's calendar.</summary>
    public bool IsOverdueOn(DateOnly today) => IsOpen && DueDate is { } due && due < today;

    public int DaysOverdueOn(DateOnly today) =>
        IsOverdueOn(today) ? today.DayNumber - DueDate!.Value.DayNumber : 0;
}

public class StatusUpdate
{
    public int Id { get; set; }
    public int ActionId { get; set; }
    public Action? Action { get; set; }
    public DateTime RecordedAt { get; set; }
    public string AuthorName { get; set; } = "";
    public string? AuthorUserId { get; set; }
    public int? AuthorPersonId { get; set; }
    public Person? AuthorPerson { get; set; }
    public RagRating Rag { get; set; }

    /// <summary>What the RAG rules suggested at the time; differs from <see cref="Rag"/> only with a reason.</summary>
    public RagRating? SuggestedRag { get; set; }

    public string? RagOverrideReason { get; set; }
    public ActionStatus Status { get; set; }
    public int ProgressPercent { get; set; }
    public string Commentary { get; set; } = "";
    public string? NextSteps { get; set; }

    /// <summary>Flagged for the "Overview of Partnership Activity" report.</summary>
    public bool IncludeInActivityReport { get; set; }

    /// <summary>The file and row an imported update came from, e.g. "Action plan Q3.xlsx, row 14".</summary>
    public string? ImportedFrom { get; set; }
}
