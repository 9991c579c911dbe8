namespace CommunitySafety.Domain;

public class Strategy
{
    public int Id { get; set; }
    public int PartnershipId { get; set; }
    public Partnership? Partnership { get; set; }
    public string Title { get; set; } = "";
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public StrategyStatus Status { get; set; }
    public DateOnly? AdoptedOn { get; set; }
    public string? Summary { get; set; }
    public List<Priority> Priorities { get; set; } = [];

    public string Period => $"{PeriodStart.Year}–{PeriodEnd.Year % 100:00}";
}

public class Priority
{
    public int Id { get; set; }
    public int StrategyId { get; set; }
    public Strategy? Strategy { get; set; }
    public int Order { get; set; }

    /// <summary>Short code used in action references, e.g. "VC" for violent crime.</summary>
    public string Code { get; set; } = "";

    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public StatutoryTheme Themes { get; set; }
    public List<Action> Actions { get; set; } = [];
    public List<Outcome> Outcomes { get; set; } = [];
}
