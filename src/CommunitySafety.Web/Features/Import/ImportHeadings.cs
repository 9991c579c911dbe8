using System.Text;
using CommunitySafety.Domain;
using CommunitySafety.Web.Spreadsheets;

namespace CommunitySafety.Web.Features.Import;

/// <summary>One column of the heading row and what it is taken to hold.</summary>
public sealed record ColumnMapping(int Column, string Heading, ImportField Field)
{
    public string Letters => SheetGrid.ColumnLetters(Column);
}

/// <summary>
/// The words councils put at the top of their action plan columns, and how the heading row is found: titles, merged
/// banners and blank rows often come first, so the row with the most recognisable headings wins.
/// </summary>
public static class ImportHeadings
{
    public const int RowsSearched = 30;

    private static readonly (ImportField Field, string[] Words)[] Synonyms =
    [
        (ImportField.Priority, ["priority", "theme", "key area", "strategic priority", "priority area", "priority theme", "key priority", "objective", "strategic objective", "workstream", "outcome area"]),
        (ImportField.Reference, ["ref", "reference", "ref no", "action ref", "action reference", "action no", "action number", "no", "number", "id", "#", "item"]),
        (ImportField.Action, ["action", "actions", "action title", "title", "what we will do", "what will we do", "activity", "activities", "task", "deliverable", "deliverables", "intervention", "key action", "action description"]),
        (ImportField.Description, ["description", "details", "detail", "how", "how we will do it", "summary"]),
        (ImportField.LeadOrganisation, ["lead", "lead organisation", "lead organization", "lead agency", "lead partner", "agency", "organisation", "organization", "partner", "responsible agency", "lead partner agency", "owner organisation", "led by", "responsible", "lead agencies", "lead partners"]),
        (ImportField.LeadOfficer, ["lead officer", "officer", "responsible officer", "lead person", "named lead", "owner", "action owner", "contact", "lead contact", "responsible person", "accountable officer"]),
        (ImportField.StartDate, ["start", "start date", "from", "begins", "commencement"]),
        (ImportField.DueDate, ["due", "due date", "target date", "deadline", "completion date", "by when", "timescale", "timescales", "timeframe", "target", "end date", "date due", "when", "by"]),
        (ImportField.Status, ["status", "current status", "action status", "progress status"]),
        (ImportField.Rag, ["rag", "rag status", "rag rating", "rating", "red amber green", "rag rated", "brag", "rag q1", "rag q2", "rag q3", "rag q4"]),
        (ImportField.Progress, ["progress", "% complete", "percent complete", "progress %", "% done", "complete %", "percentage complete", "% progress"]),
        (ImportField.LatestUpdate, ["update", "latest update", "commentary", "comments", "comment", "progress update", "progress commentary", "narrative", "notes", "progress to date", "update on progress", "latest position", "current position", "progress narrative", "quarterly update"]),
        (ImportField.Outcome, ["outcome", "outcomes", "measure", "measures", "outcome measure", "success measure", "measure of success", "kpi", "performance measure", "expected outcome", "success criteria", "performance indicator"]),
        (ImportField.Board, ["board", "overseeing board", "governance", "reporting to", "reports to", "sub group", "subgroup", "accountable board", "oversight", "group"]),
        (ImportField.Restricted, ["restricted", "exempt", "restricted exempt"]),
    ];

    /// <summary>The field a heading names, or Ignore; an exact match beats a heading that only contains the words.</summary>
    public static ImportField Suggest(string heading)
    {
        var key = Key(heading);
        if (key.Length == 0) return ImportField.Ignore;
        foreach (var (field, words) in Synonyms)
        {
            if (words.Contains(key)) return field;
        }

        var best = (Field: ImportField.Ignore, Length: 0);
        foreach (var (field, words) in Synonyms)
        {
            foreach (var word in words.Where(w => w.Length >= 3))
            {
                if (word.Length > best.Length && ContainsWords(key, word)) best = (field, word.Length);
            }
        }

        return best.Field;
    }

    /// <summary>The row (zero-based) with the most distinct recognisable headings, at least two of them naming an action or its reference; null when none.</summary>
    public static int? FindHeaderRow(SheetGrid sheet)
    {
        int? bestRow = null;
        var bestScore = 1;
        for (var row = 0; row < Math.Min(RowsSearched, sheet.Rows.Count); row++)
        {
            var fields = sheet.Rows[row].Where(c => c is { Text.Length: > 0 and < 80 }).Select(c => Suggest(c!.Text))
                .Where(f => f != ImportField.Ignore).Distinct().ToList();
            if (fields.Count > bestScore && (fields.Contains(ImportField.Action) || fields.Contains(ImportField.Reference)))
            {
                bestRow = row;
                bestScore = fields.Count;
            }
        }

        return bestRow;
    }

    /// <summary>A field for each heading of the row; each field is suggested for one column only, the first that names it.</summary>
    public static IReadOnlyList<ColumnMapping> SuggestMapping(SheetGrid sheet, int headerRow, IReadOnlyDictionary<string, ImportField>? saved = null)
    {
        var taken = new HashSet<ImportField>();
        var columns = new List<ColumnMapping>();
        for (var column = 0; column < sheet.ColumnCount; column++)
        {
            var heading = sheet.Cell(headerRow, column)?.Text ?? "";
            if (heading.Length == 0 && !ColumnHasData(sheet, headerRow, column)) continue;
            ImportField field;
            if (saved is not null && saved.TryGetValue(Key(heading), out var remembered)) field = remembered;
            else
            {
                field = Suggest(heading);
                // "Progress" heads a percentage in some plans and a paragraph of commentary in others: the cells decide.
                if (field == ImportField.Progress && !MostlyPercentages(sheet, headerRow, column)) field = ImportField.LatestUpdate;
                if (field != ImportField.Ignore && !taken.Add(field)) field = ImportField.Ignore;
            }

            columns.Add(new ColumnMapping(column, heading, field));
        }

        return columns;
    }

    /// <summary>Headings compared without case, punctuation or extra spaces: "Lead Officer(s):" is "lead officer s".</summary>
    public static string Key(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(ch) || ch is '%' or '#')
            {
                if (space && sb.Length > 0) sb.Append(' ');
                sb.Append(ch);
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return sb.ToString();
    }

    private static bool ContainsWords(string key, string words) =>
        (" " + key + " ").Contains(" " + words + " ", StringComparison.Ordinal);

    private static bool ColumnHasData(SheetGrid sheet, int headerRow, int column) =>
        Enumerable.Range(headerRow + 1, Math.Max(0, Math.Min(sheet.Rows.Count - headerRow - 1, 50))).Any(r => sheet.Cell(r, column) is { IsEmpty: false });

    private static bool MostlyPercentages(SheetGrid sheet, int headerRow, int column)
    {
        var values = Enumerable.Range(headerRow + 1, Math.Max(0, sheet.Rows.Count - headerRow - 1))
            .Select(r => sheet.Cell(r, column)).Where(c => c is { Text.Length: > 0 }).Take(50).ToList();
        return values.Count == 0 || values.Count(c => ImportValues.Progress(c!) is not null) * 2 >= values.Count;
    }
}
