namespace CommunitySafety.Domain;

public static class RagRatingText
{
    public static string Label(this RagRating rating) => rating switch
    {
        RagRating.Red => "Red",
        RagRating.Amber => "Amber",
        RagRating.Green => "Green",
        RagRating.Complete => "Complete",
        _ => "Not started",
    };

    public static string Label(this ActionStatus status) => status switch
    {
        ActionStatus.InProgress => "In progress",
        ActionStatus.Completed => "Completed",
        ActionStatus.Deferred => "Deferred",
        ActionStatus.Cancelled => "Cancelled",
        _ => "Not started",
    };

    public static string Label(this OrganisationKind kind) => kind switch
    {
        OrganisationKind.PccOffice => "PCC office",
        OrganisationKind.VoluntarySector => "Voluntary sector",
        _ => kind.ToString(),
    };

    public static string Label(this BoardKind kind) => kind switch
    {
        BoardKind.TaskingBoard => "Tasking Board",
        BoardKind.RiskBoard => "Risk Board",
        BoardKind.PreventBoard => "Prevent Board",
        BoardKind.JointActionGroup => "Joint Action Group",
        BoardKind.TaskAndFinishGroup => "Task and finish group",
        BoardKind.StrategicBoard => "Strategic board",
        _ => kind.ToString(),
    };

    public static string Label(this MilestoneKind kind) => kind switch
    {
        MilestoneKind.StrategyDevelopment => "Strategy development",
        _ => kind.ToString(),
    };

    public static string Label(this StatutoryTheme theme) => theme switch
    {
        StatutoryTheme.AntiSocialBehaviour => "Anti-social behaviour",
        StatutoryTheme.ReducingReoffending => "Reducing reoffending",
        StatutoryTheme.SeriousViolence => "Serious violence",
        StatutoryTheme.DomesticAbuse => "Domestic abuse",
        StatutoryTheme.SubstanceMisuse => "Substance misuse",
        StatutoryTheme.RoadSafety => "Road safety",
        StatutoryTheme.PccPriority => "PCC priority",
        StatutoryTheme.Section17 => "Section 17",
        StatutoryTheme.ModernSlavery => "Modern slavery",
        StatutoryTheme.CommunityEngagement => "Community engagement",
        _ => theme.ToString(),
    };

    public static IEnumerable<StatutoryTheme> Split(this StatutoryTheme themes) =>
        Enum.GetValues<StatutoryTheme>().Where(t => t != StatutoryTheme.None && themes.HasFlag(t));
}
