namespace CommunitySafety.Domain;

/// <summary>What a column of a council's own action plan holds, in the partnership's words.</summary>
public enum ImportField
{
    Ignore,
    Priority,
    Reference,
    Action,
    Description,
    LeadOrganisation,
    LeadOfficer,
    StartDate,
    DueDate,
    Status,
    Rag,
    Progress,
    LatestUpdate,
    Outcome,
    Board,
    Restricted,
}

/// <summary>
/// A coordinator's saved answer to "which of my headings means what", kept so next quarter's file of the same plan
/// is read the same way without asking again.
/// </summary>
public class ImportMapping
{
    public int Id { get; set; }
    public int PartnershipId { get; set; }
    public Partnership? Partnership { get; set; }
    public string Name { get; set; } = "";
    public DateTime SavedAt { get; set; }
    public string SavedBy { get; set; } = "";
    public List<ImportMappingColumn> Columns { get; set; } = [];
}

public class ImportMappingColumn
{
    public int Id { get; set; }
    public int ImportMappingId { get; set; }

    /// <summary>The council's heading as written in the file.</summary>
    public string Heading { get; set; } = "";

    public ImportField Field { get; set; }
}
