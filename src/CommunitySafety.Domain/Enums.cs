namespace CommunitySafety.Domain;

public enum OrganisationKind
{
    Council,
    Police,
    Fire,
    Probation,
    Health,
    PccOffice,
    Housing,
    VoluntarySector,
    Business,
    Education,
    Other,
}

public enum BoardKind
{
    Partnership,
    TaskingBoard,
    RiskBoard,
    PreventBoard,
    JointActionGroup,
    TaskAndFinishGroup,
    StrategicBoard,
    Other,
}

public enum MembershipRole
{
    Chair,
    Voting,
    Adviser,
    Observer,
    Officer,
}

public enum StrategyStatus
{
    Draft,
    Consultation,
    Adopted,
    Superseded,
}

[Flags]
public enum StatutoryTheme
{
    None = 0,
    AntiSocialBehaviour = 1 << 0,
    ReducingReoffending = 1 << 1,
    Prevent = 1 << 2,
    SeriousViolence = 1 << 3,
    DomesticAbuse = 1 << 4,
    SubstanceMisuse = 1 << 5,
    RoadSafety = 1 << 6,
    Cybercrime = 1 << 7,
    PccPriority = 1 << 8,
    Section17 = 1 << 9,
    ModernSlavery = 1 << 10,
    CommunityEngagement = 1 << 11,
}

public enum ActionStatus
{
    NotStarted,
    InProgress,
    Completed,
    Deferred,
    Cancelled,
}

/// <summary>The partnership's traffic-light rating. Never shown by colour alone: see <see cref="RagRatingText"/>.</summary>
public enum RagRating
{
    NotStarted,
    Red,
    Amber,
    Green,
    Complete,
}

public enum MilestoneKind
{
    Statutory,
    StrategyDevelopment,
    Action,
    Governance,
}

public enum OutcomeDirection
{
    Increase,
    Decrease,
    Maintain,
}
