using CommunitySafety.Domain;

namespace CommunitySafety.Web.Spreadsheets;

/// <summary>
/// One cell as the importer needs it: its text as a person sees it, and what the file says underneath (a real date,
/// a number, a percentage format, a fill colour, a formula).
/// </summary>
public sealed record SheetCell(string Text)
{
    public DateOnly? Date { get; init; }
    public double? Number { get; init; }
    public bool IsPercent { get; init; }

    /// <summary>The RAG rating the cell's fill colour stands for, when it has a fill that reads as one.</summary>
    public RagRating? FillRag { get; init; }

    /// <summary>The formula, when the cell is calculated rather than typed.</summary>
    public string? Formula { get; init; }

    /// <summary>How many columns the cell spans when it is the top-left of a merged range.</summary>
    public int MergedColumns { get; init; } = 1;

    public bool IsEmpty => Text.Length == 0 && Formula is null;
}

/// <summary>A worksheet read into rows; row 0 is the sheet's row 1, column 0 its column A.</summary>
public sealed class SheetGrid(string name, IReadOnlyList<SheetCell?[]> rows, int columnCount, string? problem = null)
{
    public string Name { get; } = name;
    public IReadOnlyList<SheetCell?[]> Rows { get; } = rows;
    public int ColumnCount { get; } = columnCount;

    /// <summary>Why the sheet cannot be imported (too many rows, say), or null.</summary>
    public string? Problem { get; } = problem;

    public SheetCell? Cell(int row, int column) =>
        row >= 0 && row < Rows.Count && column >= 0 && column < Rows[row].Length ? Rows[row][column] : null;

    /// <summary>Excel's letters for a zero-based column: 0 is A, 26 is AA.</summary>
    public static string ColumnLetters(int column)
    {
        var letters = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + ((n - 1) % 26)) + letters;
        return letters;
    }
}

/// <summary>The sheets of an uploaded file, in workbook order.</summary>
public sealed record SpreadsheetContent(string FileName, IReadOnlyList<SheetGrid> Sheets);

/// <summary>A file that cannot be read as a spreadsheet, with a message that says what to do about it.</summary>
public sealed class SpreadsheetRejectedException(string message) : Exception(message);
