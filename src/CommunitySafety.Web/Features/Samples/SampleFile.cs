using CommunitySafety.Domain;

namespace CommunitySafety.Web.Features.Samples;

/// <summary>
/// The shape of a file in samples/: one partnership, written as the papers describe it.
/// People, organisations, boards and strategies are named by a short key that other parts refer to.
/// Dates are written as of <see cref="ReferenceDate"/> and moved on by whole years at load time, so the sample is
/// always "current": a file written as of 24 November 2021 loaded in November 2026 has every date five years later
/// (17 April stays 17 April). Text may say {Y}, {Y+1}, {Y-1} for years and {FY}, {FY+1}, {FY-1} for financial years.
/// </summary>
public sealed class SampleFile
{
    public DateOnly ReferenceDate { get; set; }
    public SamplePartnership Partnership { get; set; } = new();
    public List<SampleOrganisation> Organisations { get; set; } = [];
    public List<SamplePerson> People { get; set; } = [];
    public List<SampleBoard> Boards { get; set; } = [];
    public List<SampleStrategy> Strategies { get; set; } = [];
    public List<SampleMilestone> Milestones { get; set; } = [];
    public List<SampleRisk> Risks { get; set; } = [];
    public List<SampleFundingStream> Funding { get; set; } = [];
    public List<SampleAccount> DemoAccounts { get; set; } = [];
}

public sealed class SamplePartnership
{
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Area { get; set; } = "";
    public string? Description { get; set; }
    public PartnershipSettings? Settings { get; set; }
}

public sealed class SampleOrganisation
{
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public string? ShortName { get; set; }
    public OrganisationKind Kind { get; set; }
    public bool ResponsibleAuthority { get; set; }
}

public sealed class SamplePerson
{
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public string? JobTitle { get; set; }
    public string? Organisation { get; set; }
    public string? Email { get; set; }
}

public sealed class SampleBoard
{
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public BoardKind Kind { get; set; }
    public string? Purpose { get; set; }
    public string? Parent { get; set; }
    public string? Chair { get; set; }
    public List<SampleBoardMember> Members { get; set; } = [];
    public List<SampleMeeting> Meetings { get; set; } = [];
}

public sealed class SampleBoardMember
{
    public string Person { get; set; } = "";
    public MembershipRole Role { get; set; }
    public string? Representing { get; set; }
}

public sealed class SampleMeeting
{
    /// <summary>Local (Europe/London) date and time.</summary>
    public DateTime StartsAt { get; set; }

    public string? Location { get; set; }
    public bool HasPrivatePart { get; set; }
    public string? Notes { get; set; }
}

public sealed class SampleStrategy
{
    public string Key { get; set; } = "";
    public string Title { get; set; } = "";
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public StrategyStatus Status { get; set; }
    public DateOnly? AdoptedOn { get; set; }
    public string? Summary { get; set; }
    public List<SamplePriority> Priorities { get; set; } = [];
}

public sealed class SamplePriority
{
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public List<StatutoryTheme> Themes { get; set; } = [];
    public List<SampleOutcome> Outcomes { get; set; } = [];
    public List<SampleAction> Actions { get; set; } = [];
}

public sealed class SampleOutcome
{
    public string Title { get; set; } = "";
    public string Measure { get; set; } = "";
    public string Unit { get; set; } = "";
    public OutcomeDirection Direction { get; set; }
    public decimal BaselineValue { get; set; }
    public string BaselinePeriod { get; set; } = "";
    public decimal TargetValue { get; set; }
    public DateOnly TargetDate { get; set; }
    public string? Commentary { get; set; }
    public bool Restricted { get; set; }
    public List<SampleMeasurement> Measurements { get; set; } = [];
}

public sealed class SampleMeasurement
{
    public string Period { get; set; } = "";
    public DateOnly PeriodEnd { get; set; }
    public decimal Value { get; set; }
    public string? Source { get; set; }
    public string? Note { get; set; }
}

public sealed class SampleAction
{
    public string Reference { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string? LeadOrganisation { get; set; }
    public string? LeadPerson { get; set; }

    /// <summary>A person key: stands in for the lead, and is asked in update rounds with them.</summary>
    public string? Deputy { get; set; }

    public string? Board { get; set; }
    public DateOnly? Start { get; set; }
    public DateOnly? Due { get; set; }
    public ActionStatus Status { get; set; }
    public RagRating Rag { get; set; }
    public int Progress { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public bool Restricted { get; set; }
    public List<SampleStatusUpdate> Updates { get; set; } = [];
}

public sealed class SampleStatusUpdate
{
    /// <summary>Local (Europe/London) date and time.</summary>
    public DateTime RecordedAt { get; set; }

    public string Author { get; set; } = "";
    public RagRating Rag { get; set; }
    public ActionStatus Status { get; set; }
    public int Progress { get; set; }
    public string Commentary { get; set; } = "";
    public string? NextSteps { get; set; }
    public bool IncludeInReport { get; set; }
}

public sealed class SampleMilestone
{
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public MilestoneKind Kind { get; set; }
    public DateOnly Due { get; set; }
    public string? Owner { get; set; }
    public string? SignOffBoard { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public string? Strategy { get; set; }
    public string? Action { get; set; }
    public bool Restricted { get; set; }
    public string? TemplateKey { get; set; }
}

public sealed class SampleRisk
{
    public int Number { get; set; }
    public string Description { get; set; } = "";
    public int Likelihood { get; set; }
    public int Impact { get; set; }
    public string? Mitigation { get; set; }
    public string? Owner { get; set; }
}

public sealed class SampleFundingStream
{
    public string Name { get; set; } = "";
    public string Source { get; set; } = "";
    public string FinancialYear { get; set; } = "";
    public decimal Amount { get; set; }
    public bool Restricted { get; set; }
    public List<SampleAllocation> Allocations { get; set; } = [];
}

public sealed class SampleAllocation
{
    public string Recipient { get; set; } = "";
    public decimal Amount { get; set; }
    public decimal Spent { get; set; }
    public string? Action { get; set; }
    public DateOnly? AllocatedOn { get; set; }
    public string? Note { get; set; }
}

public sealed class SampleAccount
{
    public string Email { get; set; } = "";
    public string Role { get; set; } = "";
    public string? Person { get; set; }
    public bool Cleared { get; set; }
    public string? Description { get; set; }
}
