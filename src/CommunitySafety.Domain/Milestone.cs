namespace CommunitySafety.Domain;

public class Milestone
{
    public int Id { get; set; }
    public int PartnershipId { get; set; }
    public Partnership? Partnership { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public MilestoneKind Kind { get; set; }
    public DateOnly DueDate { get; set; }
    public int? OwnerId { get; set; }
    public Person? Owner { get; set; }
    public int? SignOffBoardId { get; set; }
    public Board? SignOffBoard { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public int? StrategyId { get; set; }
    public Strategy? Strategy { get; set; }
    public int? ActionId { get; set; }
    public Action? Action { get; set; }
    public bool IsRestricted { get; set; }

    /// <summary>Overrides the partnership's reminder lead days for this milestone, e.g. "56,28,7".</summary>
    public string? ReminderLeadDays { get; set; }

    /// <summary>The statutory calendar template this milestone came from, if any.</summary>
    public string? TemplateKey { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public bool IsComplete => CompletedOn is not null;

    public bool IsOverdueOn(DateOnly today) => !IsComplete && DueDate < today;
}
