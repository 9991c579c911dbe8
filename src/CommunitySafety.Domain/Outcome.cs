namespace CommunitySafety.Domain;

/// <summary>A key outcome the partnership reports to scrutiny, measured against a baseline and a target.</summary>
public class Outcome
{
    public int Id { get; set; }
    public int PriorityId { get; set; }
    public Priority? Priority { get; set; }
    public string Title { get; set; } = "";
    public string Measure { get; set; } = "";
    public string Unit { get; set; } = "";
    public OutcomeDirection Direction { get; set; }
    public decimal BaselineValue { get; set; }
    public string BaselinePeriod { get; set; } = "";
    public decimal TargetValue { get; set; }
    public DateOnly TargetDate { get; set; }
    public string? Commentary { get; set; }
    public bool IsRestricted { get; set; }
    public List<Measurement> Measurements { get; set; } = [];
}

public class Measurement
{
    public int Id { get; set; }
    public int OutcomeId { get; set; }
    public Outcome? Outcome { get; set; }

    /// <summary>The period as the partnership names it, e.g. "2021/22 Q2".</summary>
    public string Period { get; set; } = "";

    public DateOnly PeriodEnd { get; set; }
    public decimal Value { get; set; }
    public string? Source { get; set; }
    public string? Note { get; set; }
}
