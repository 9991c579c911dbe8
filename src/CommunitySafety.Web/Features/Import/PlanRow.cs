using CommunitySafety.Domain;

namespace CommunitySafety.Web.Features.Import;

/// <summary>One action as the council's file gives it, before it is matched with the plan: texts as written, values as read.</summary>
public sealed class PlanRow
{
    public required int Row { get; init; }
    public string? Priority { get; set; }
    public string? Reference { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? LeadOrganisation { get; set; }
    public string? LeadOfficer { get; set; }
    public string? Board { get; set; }
    public string? Outcome { get; set; }
    public string? Commentary { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? DueDate { get; set; }

    /// <summary>A start or due date written in words ("Ongoing"), kept so it is not lost.</summary>
    public string? StartAsWritten { get; set; }

    public string? DueAsWritten { get; set; }
    public ActionStatus? Status { get; set; }
    public RagRating? Rag { get; set; }
    public bool RagFromColour { get; set; }
    public int? Progress { get; set; }
    public bool? Restricted { get; set; }

    /// <summary>The council's heading of each field, for messages about this row.</summary>
    public required IReadOnlyDictionary<ImportField, string> Headings { get; init; }

    public string Heading(ImportField field) => Headings.TryGetValue(field, out var h) && h.Length > 0 ? h : ImportLabels.Of(field);
}
