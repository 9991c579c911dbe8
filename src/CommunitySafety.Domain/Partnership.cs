namespace CommunitySafety.Domain;

public class Partnership
{
    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Short name used in addresses, e.g. "safermk".</summary>
    public string Slug { get; set; } = "";

    public string Area { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>Thresholds and defaults the partnership sets for itself.</summary>
    public PartnershipSettings Settings { get; set; } = new();

    public List<PartnerOrganisation> Organisations { get; set; } = [];
    public List<Person> People { get; set; } = [];
    public List<Board> Boards { get; set; } = [];
    public List<Strategy> Strategies { get; set; } = [];
    public List<Milestone> Milestones { get; set; } = [];
    public List<Risk> Risks { get; set; } = [];
    public List<FundingStream> FundingStreams { get; set; } = [];
}

public class PartnershipSettings
{
    /// <summary>An action with no update for this many days is stale and cannot be Green.</summary>
    public int StaleAfterDays { get; set; } = 42;

    /// <summary>Progress this many percentage points behind the time elapsed turns an action Amber.</summary>
    public int AmberBehindSchedulePoints { get; set; } = 15;

    /// <summary>Progress this many percentage points behind the time elapsed turns an action Red.</summary>
    public int RedBehindSchedulePoints { get; set; } = 35;

    /// <summary>Days before a milestone is due on which its owner is reminded (0 = on the day).</summary>
    public string ReminderLeadDays { get; set; } = "28,14,7,1,0";

    /// <summary>Days overdue after which the overseeing board's chair is told as well.</summary>
    public int OverdueEscalationDays { get; set; } = 14;

    /// <summary>How far (percent of the distance from baseline to target) an outcome may miss and still be Amber.</summary>
    public decimal OutcomeTolerancePercent { get; set; } = 10m;

    /// <summary>Administrators, coordinators and cleared users must sign in with an authenticator app as well as a password.</summary>
    public bool RequireTwoFactor { get; set; }
}

public class PartnerOrganisation
{
    public int Id { get; set; }
    public int PartnershipId { get; set; }
    public Partnership? Partnership { get; set; }
    public string Name { get; set; } = "";
    public string? ShortName { get; set; }
    public OrganisationKind Kind { get; set; }
    public bool IsResponsibleAuthority { get; set; }
}

public class Person
{
    public int Id { get; set; }
    public int PartnershipId { get; set; }
    public Partnership? Partnership { get; set; }
    public string Name { get; set; } = "";
    public string? Email { get; set; }
    public int? OrganisationId { get; set; }
    public PartnerOrganisation? Organisation { get; set; }
    public string? JobTitle { get; set; }
}
