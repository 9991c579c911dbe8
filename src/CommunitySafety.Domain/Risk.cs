namespace CommunitySafety.Domain;

/// <summary>A risk to delivering the plan, scored likelihood (1-6) by impact (1-4) as in council risk matrices.</summary>
public class Risk
{
    public int Id { get; set; }
    public int PartnershipId { get; set; }
    public Partnership? Partnership { get; set; }
    public int Number { get; set; }
    public string Description { get; set; } = "";
    public int Likelihood { get; set; }
    public int Impact { get; set; }
    public string? Mitigation { get; set; }
    public string? Owner { get; set; }

    public int Score => Likelihood * Impact;

    public RiskLevel Level => RiskMatrix.LevelOf(Likelihood, Impact);
}

public enum RiskLevel
{
    Low,
    Medium,
    High,
}

public static class RiskMatrix
{
    public static readonly string[] LikelihoodNames = ["", "Almost impossible", "Very low", "Low", "Significant", "High", "Very high"];
    public static readonly string[] ImpactNames = ["", "Negligible", "Marginal", "Critical", "Catastrophic"];

    public static RiskLevel LevelOf(int likelihood, int impact)
    {
        if (likelihood is < 1 or > 6) throw new ArgumentOutOfRangeException(nameof(likelihood), "Likelihood is scored 1 to 6.");
        if (impact is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(impact), "Impact is scored 1 to 4.");
        var score = likelihood * impact;
        return score switch
        {
            <= 6 => RiskLevel.Low,
            <= 12 => RiskLevel.Medium,
            _ => RiskLevel.High,
        };
    }
}
