using CommunitySafety.Domain;

namespace CommunitySafety.Web.Features.Import;

public static class ImportLabels
{
    /// <summary>The product's name for what a column holds, as the mapping choices show it.</summary>
    public static string Of(ImportField field) => field switch
    {
        ImportField.Ignore => "Not imported",
        ImportField.Priority => "Priority or theme",
        ImportField.Reference => "Reference",
        ImportField.Action => "Action",
        ImportField.Description => "Description",
        ImportField.LeadOrganisation => "Lead organisation",
        ImportField.LeadOfficer => "Lead officer",
        ImportField.StartDate => "Start date",
        ImportField.DueDate => "Due or target date",
        ImportField.Status => "Status",
        ImportField.Rag => "RAG rating",
        ImportField.Progress => "Progress (%)",
        ImportField.LatestUpdate => "Latest update or commentary",
        ImportField.Outcome => "Outcome or measure",
        ImportField.Board => "Overseeing board",
        ImportField.Restricted => "Restricted (exempt)",
        _ => field.ToString(),
    };
}
