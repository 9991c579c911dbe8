namespace CommunitySafety.Domain;

/// <summary>One recurring duty of a Community Safety Partnership, with how often it comes round.</summary>
/// <param name="PeriodMonths">Months from one occurrence to the next; null for one-off stages (a domestic homicide review's).</param>
public sealed record MilestoneTemplate(string Key, string Title, MilestoneKind Kind, int? PeriodMonths, string Description);

/// <summary>The statutory calendar: the duties a CSP must meet every year (or every three), as milestone templates.</summary>
public static class MilestoneTemplates
{
    public static IReadOnlyList<MilestoneTemplate> All { get; } =
    [
        new("strategic-assessment", "Annual strategic assessment", MilestoneKind.StrategyDevelopment, 12,
            "The partnership's annual assessment of crime, disorder, substance misuse and reoffending in the area."),
        new("strategic-assessment-signoff", "Strategic assessment sign-off", MilestoneKind.StrategyDevelopment, 12,
            "The board signs off the annual strategic assessment."),
        new("plan-annual-refresh", "Partnership plan annual refresh", MilestoneKind.StrategyDevelopment, 12,
            "The partnership plan is revised for the coming year in the light of the strategic assessment."),
        new("plan-renewal", "Partnership plan three-yearly renewal", MilestoneKind.StrategyDevelopment, 36,
            "A new three-year partnership plan is agreed and published."),
        new("channel-assurance-statement", "Channel Duty assurance statement due", MilestoneKind.Statutory, 12,
            "Annual assurance statement required by the Prevent / Channel Duty guidance."),
        new("crime-disorder-scrutiny", "Annual crime and disorder scrutiny meeting", MilestoneKind.Statutory, 12,
            "The council's crime and disorder committee scrutinises the work of the partnership once a year."),
        new("pspo-consultation", "PSPO consultation before renewal", MilestoneKind.Statutory, 36,
            "Public consultation before a Public Spaces Protection Order is extended."),
        new("pspo-renewal", "PSPO renewal", MilestoneKind.Statutory, 36,
            "A Public Spaces Protection Order lapses three years after it is made unless it is extended."),
        new("serious-violence-strategy-review", "Serious Violence Duty strategy review", MilestoneKind.Statutory, 12,
            "The annual review of the serious violence strategy under the Serious Violence Duty."),
        new("dhr-stage", "Domestic homicide review stage", MilestoneKind.Statutory, null,
            "A stage of a domestic homicide review (decision, panel, report, Home Office submission)."),
    ];

    public static MilestoneTemplate? Find(string? key) => All.FirstOrDefault(t => t.Key == key);

    /// <summary>A new milestone from a template, for the partnership's calendar.</summary>
    public static Milestone Create(MilestoneTemplate template, int partnershipId, DateOnly due, int? ownerId, int? signOffBoardId) => new()
    {
        PartnershipId = partnershipId,
        Title = template.Title,
        Description = template.Description,
        Kind = template.Kind,
        DueDate = due,
        OwnerId = ownerId,
        SignOffBoardId = signOffBoardId,
        TemplateKey = template.Key,
    };

    /// <summary>
    /// The next occurrence of a completed recurring milestone, due one period after this one was due (29 February
    /// falls back to 28 February in a common year); null when the milestone does not recur.
    /// </summary>
    public static Milestone? NextOccurrence(Milestone completed)
    {
        if (!completed.IsComplete || Find(completed.TemplateKey) is not { PeriodMonths: { } months }) return null;
        return new Milestone
        {
            PartnershipId = completed.PartnershipId,
            Title = completed.Title,
            Description = completed.Description,
            Kind = completed.Kind,
            DueDate = completed.DueDate.AddMonths(months),
            OwnerId = completed.OwnerId,
            SignOffBoardId = completed.SignOffBoardId,
            StrategyId = completed.StrategyId,
            ActionId = completed.ActionId,
            IsRestricted = completed.IsRestricted,
            ReminderLeadDays = completed.ReminderLeadDays,
            TemplateKey = completed.TemplateKey,
        };
    }
}
