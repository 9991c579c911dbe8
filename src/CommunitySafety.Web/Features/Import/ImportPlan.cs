using CommunitySafety.Domain;

namespace CommunitySafety.Web.Features.Import;

public enum ValueKind
{
    Priority,
    Organisation,
    Person,
    Board,
}

public enum ValueAction
{
    Create,
    MapTo,
    LeaveEmpty,
}

/// <summary>The coordinator's answer for a name in the file that is not in the partnership's lists.</summary>
public sealed record ValueChoice(ValueAction Action, int? ExistingId = null);

/// <summary>What the coordinator has chosen so far; anything left null is suggested by the importer.</summary>
public sealed class ImportChoices
{
    public string? SheetName { get; set; }

    /// <summary>The heading row as Excel numbers it (1 is the first row).</summary>
    public int? HeaderRow { get; set; }

    public IReadOnlyList<ColumnMapping>? Columns { get; set; }
    public int? SavedMappingId { get; set; }
    public int? StrategyId { get; set; }
    public int? DefaultPriorityId { get; set; }
    public Dictionary<string, ValueChoice> Values { get; } = [];

    /// <summary>For each row matched to an action by title under another reference: true when it is the same action.</summary>
    public Dictionary<int, bool> TitleMatches { get; } = [];
}

public enum PlannedKind
{
    New,
    Update,
    Unchanged,
    Skipped,
}

/// <summary>A name in the file the partnership does not have, and what will happen to it.</summary>
public sealed record ValueQuestion(ValueKind Kind, string Key, string Text, IReadOnlyList<int> Rows, IReadOnlyList<(int Id, string Name)> Options, ValueChoice Choice, string Message);

/// <summary>A row whose title is an existing action's under another reference: the coordinator says whether it is the same action.</summary>
public sealed record TitleMatchQuestion(int Row, string FileReference, string Title, int ActionId, string ActionReference, bool? SameAction);

/// <summary>The status update a row will record, worked out with the same rules as any other update.</summary>
public sealed record PlannedUpdate(ActionStatus Status, int ProgressPercent, RagRating Rag, RagRating SuggestedRag, string? OverrideReason, string Commentary, DateOnly? CompletedOn);

/// <summary>What one row of the file becomes.</summary>
public sealed class PlannedAction
{
    public required int Row { get; init; }
    public required PlannedKind Kind { get; set; }
    public required PlanRow Source { get; init; }
    public int? ActionId { get; set; }
    public string Reference { get; set; } = "";
    public string Title { get; set; } = "";
    public string PriorityName { get; set; } = "";
    public string? LeadOrganisationName { get; set; }
    public string? LeadPersonName { get; set; }
    public string? BoardName { get; set; }
    public List<string> Changes { get; } = [];
    public PlannedUpdate? Update { get; set; }

    // What the row resolves to: an existing id, or the key of an item the import creates.
    internal int? PriorityId { get; set; }
    internal string? NewPriorityKey { get; set; }
    internal int? OrganisationId { get; set; }
    internal string? NewOrganisationKey { get; set; }
    internal int? PersonId { get; set; }
    internal string? NewPersonKey { get; set; }
    internal int? BoardId { get; set; }
    internal string? NewBoardKey { get; set; }
    internal string? Description { get; set; }
    internal DateOnly? StartDate { get; set; }
    internal DateOnly? DueDate { get; set; }
    internal bool? Restricted { get; set; }
}

/// <summary>The preview: every row with what it becomes, every problem by row and column, and what still needs an answer.</summary>
public sealed class ImportPlan
{
    public required string FileName { get; init; }
    public required IReadOnlyList<string> SheetNames { get; init; }
    public required string SheetName { get; init; }
    public int? HeaderRow { get; init; }
    public IReadOnlyList<ColumnMapping> Columns { get; init; } = [];
    public IReadOnlyList<(int Id, string Name)> Strategies { get; init; } = [];
    public int? StrategyId { get; init; }
    public IReadOnlyList<(int Id, string Name)> Priorities { get; init; } = [];
    public int? DefaultPriorityId { get; init; }
    public string? SavedMappingName { get; init; }
    public IReadOnlyList<PlannedAction> Actions { get; init; } = [];
    public IReadOnlyList<ImportProblem> Problems { get; init; } = [];
    public IReadOnlyList<ValueQuestion> Values { get; init; } = [];
    public IReadOnlyList<TitleMatchQuestion> TitleMatches { get; init; } = [];
    public string Digest { get; init; } = "";

    public int NewCount => Actions.Count(a => a.Kind == PlannedKind.New);
    public int UpdateCount => Actions.Count(a => a.Kind == PlannedKind.Update);
    public int UnchangedCount => Actions.Count(a => a.Kind == PlannedKind.Unchanged);
    public int ErrorCount => Problems.Count(p => p.Severity == ProblemSeverity.Error);
    public bool CanImport => ErrorCount == 0 && NewCount + UpdateCount > 0;
}
