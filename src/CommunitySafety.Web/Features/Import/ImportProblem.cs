namespace CommunitySafety.Web.Features.Import;

public enum ProblemSeverity
{
    /// <summary>Stops the import until it is put right.</summary>
    Error,

    /// <summary>Imported, but not as the file has it: the coordinator should look.</summary>
    Warning,

    /// <summary>How something was read, so nothing happens unseen.</summary>
    Note,
}

/// <summary>One thing the coordinator should know about a row of the file, named by its row and the council's own heading.</summary>
public sealed record ImportProblem(ProblemSeverity Severity, int? Row, string? Column, string Message)
{
    public override string ToString() => (Row, Column) switch
    {
        (null, null) => Message,
        ({ } r, null) => $"row {r}: {Message}",
        (null, { } c) => $"{c}: {Message}",
        ({ } r, { } c) => $"row {r}, {c}: {Message}",
    };
}
