using System.Text.RegularExpressions;
using CommunitySafety.Domain;
using CommunitySafety.Web.Spreadsheets;

namespace CommunitySafety.Web.Features.Import;

/// <summary>
/// Reads the rows under the heading row as the council laid them out: a priority written once as a full-width row
/// above its actions, a "Progress:" row under an action, an action's text carried on into the rows below it,
/// wrapped cells, dates in words and RAG given only by a cell's fill colour. Every guess is reported with its row.
/// </summary>
public static partial class PlanSheetInterpreter
{
    public const int MaxTitleLength = 300;

    public static (IReadOnlyList<PlanRow> Rows, IReadOnlyList<ImportProblem> Problems) Read(SheetGrid sheet, int headerRow, IReadOnlyList<ColumnMapping> mapping)
    {
        var problems = new List<ImportProblem>();
        var rows = new List<PlanRow>();
        var columnOf = mapping.Where(m => m.Field != ImportField.Ignore).GroupBy(m => m.Field).ToDictionary(g => g.Key, g => g.First().Column);
        var headings = mapping.Where(m => m.Field != ImportField.Ignore).GroupBy(m => m.Field)
            .ToDictionary(g => g.Key, g => g.First().Heading.Length > 0 ? g.First().Heading : $"column {g.First().Letters}");
        if (!columnOf.ContainsKey(ImportField.Action) && !columnOf.ContainsKey(ImportField.Reference))
        {
            problems.Add(new(ProblemSeverity.Error, null, null, "No column is mapped to Action or Reference, so no action can be read. Choose which column holds the actions."));
            return (rows, problems);
        }

        var mappedColumns = columnOf.Values.ToHashSet();
        string? currentPriority = null;
        PlanRow? previous = null;
        for (var r = headerRow + 1; r < sheet.Rows.Count; r++)
        {
            var rowNumber = r + 1;
            var cells = sheet.Rows[r].Select((c, i) => (Cell: c, Column: i)).Where(x => x.Cell is { Text.Length: > 0 }).ToList();
            if (cells.Count == 0) continue;

            var first = cells[0].Cell!.Text;
            if (ProgressRow().Match(first) is { Success: true } progress)
            {
                var text = string.Join("\n", new[] { progress.Groups["rest"].Value.Trim() }.Concat(cells.Skip(1).Select(c => c.Cell!.Text)).Where(t => t.Length > 0));
                if (previous is null)
                {
                    problems.Add(new(ProblemSeverity.Warning, rowNumber, null, "a \"Progress:\" row with no action above it — left out."));
                }
                else if (text.Length > 0)
                {
                    previous.Commentary = previous.Commentary is null ? text : previous.Commentary + "\n" + text;
                    problems.Add(new(ProblemSeverity.Note, rowNumber, null, $"a \"Progress:\" row, read as the update of row {previous.Row}."));
                }

                continue;
            }

            if (cells.Count == 1 && IsHeadingRow(cells[0].Cell!, cells[0].Column, columnOf))
            {
                currentPriority = PriorityPrefix().Replace(first.Replace('\n', ' '), "").Trim();
                if (currentPriority.Length == 0) currentPriority = first;
                problems.Add(new(ProblemSeverity.Note, rowNumber, null, $"read as the priority heading '{currentPriority}' for the actions below it."));
                previous = null;
                continue;
            }

            if (!cells.Any(c => mappedColumns.Contains(c.Column))) continue;
            var row = new PlanRow { Row = rowNumber, Headings = headings };
            SheetCell? Get(ImportField f) => columnOf.TryGetValue(f, out var c) ? sheet.Cell(r, c) is { IsEmpty: false } cell ? cell : null : null;

            foreach (var (field, column) in columnOf)
            {
                if (sheet.Cell(r, column)?.Formula is { } formula)
                {
                    problems.Add(new(ProblemSeverity.Error, rowNumber, row.Heading(field),
                        $"'{Shorten(formula)}' is a formula. Formulas are not imported: replace them with their values (Copy, then Paste Special › Values) and upload again."));
                }
            }

            row.Reference = Get(ImportField.Reference)?.Text.Replace('\n', ' ');
            row.Title = Get(ImportField.Action)?.Text;
            row.Description = Get(ImportField.Description)?.Text;
            row.Commentary = Get(ImportField.LatestUpdate)?.Text;
            row.Outcome = Get(ImportField.Outcome)?.Text;
            row.LeadOrganisation = Get(ImportField.LeadOrganisation)?.Text.Replace('\n', ' ');
            row.LeadOfficer = Get(ImportField.LeadOfficer)?.Text.Replace('\n', ' ');
            row.Board = Get(ImportField.Board)?.Text.Replace('\n', ' ');
            row.Priority = Get(ImportField.Priority)?.Text.Replace('\n', ' ') is { Length: > 0 } p ? PriorityPrefix().Replace(p, "").Trim() is { Length: > 0 } stripped ? stripped : p : currentPriority;

            if (row.Title is null && row.Reference is null)
            {
                if (previous is not null && (row.Commentary ?? row.Description ?? row.Outcome) is not null)
                {
                    previous.Commentary = Join(previous.Commentary, row.Commentary);
                    previous.Description = Join(previous.Description, row.Description);
                    previous.Outcome = Join(previous.Outcome, row.Outcome);
                    problems.Add(new(ProblemSeverity.Note, rowNumber, null, $"no action of its own: its text is added to the action of row {previous.Row}."));
                }
                else
                {
                    problems.Add(new(ProblemSeverity.Warning, rowNumber, null, "no action or reference — the row is left out."));
                }

                continue;
            }

            if (row.Title is null)
            {
                problems.Add(new(ProblemSeverity.Error, rowNumber, row.Heading(ImportField.Action), $"reference {row.Reference} has no action. Give it its action, or delete the row."));
            }
            else
            {
                ReadTitle(row, problems);
            }

            ReadDates(row, Get(ImportField.StartDate), Get(ImportField.DueDate), problems);
            ReadStatus(row, Get(ImportField.Status), problems);
            ReadRag(row, sheet, r, columnOf, problems);
            if (Get(ImportField.Progress) is { } progressCell)
            {
                row.Progress = ImportValues.Progress(progressCell);
                if (row.Progress is null)
                    problems.Add(new(ProblemSeverity.Warning, rowNumber, row.Heading(ImportField.Progress), $"'{Shorten(progressCell.Text)}' is not a percentage from 0 to 100 — progress is left as it is."));
            }

            if (Get(ImportField.Restricted) is { } restricted)
            {
                row.Restricted = ImportValues.YesNo(restricted.Text);
                if (row.Restricted is null)
                    problems.Add(new(ProblemSeverity.Warning, rowNumber, row.Heading(ImportField.Restricted), $"'{Shorten(restricted.Text)}' is not Yes or No — the restriction is left as it is."));
            }

            rows.Add(row);
            previous = row;
        }

        if (rows.Count == 0 && !problems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            problems.Add(new(ProblemSeverity.Error, null, null, $"There are no actions under the heading row (row {headerRow + 1}). Check the heading row and which column holds the actions."));
        }

        return (rows, problems);
    }

    /// <summary>A row with one cell of text that spans the sheet, or sits outside the action column, heads the actions below it.</summary>
    private static bool IsHeadingRow(SheetCell cell, int column, Dictionary<ImportField, int> columnOf)
    {
        if (cell.Date is not null || cell.Number is not null || cell.Formula is not null) return false;
        if (cell.MergedColumns > 1) return true;
        return !columnOf.TryGetValue(ImportField.Action, out var actionColumn) || column != actionColumn;
    }

    private static void ReadTitle(PlanRow row, List<ImportProblem> problems)
    {
        var text = row.Title!;
        var oneLine = WhiteSpace().Replace(text, " ").Trim();
        if (oneLine.Length <= MaxTitleLength)
        {
            row.Title = oneLine;
            return;
        }

        // A long action cell is the action and its detail: the first sentence or line becomes the title, all of it the description.
        var firstLine = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var sentence = firstLine.IndexOf(". ", StringComparison.Ordinal) is var dot and > 0 ? firstLine[..(dot + 1)] : firstLine;
        if (sentence.Length > MaxTitleLength)
        {
            var cut = sentence.LastIndexOf(' ', MaxTitleLength - 2);
            sentence = sentence[..(cut > 50 ? cut : MaxTitleLength - 1)] + "…";
        }

        row.Title = WhiteSpace().Replace(sentence, " ").Trim();
        row.Description = row.Description is null ? text : text + "\n\n" + row.Description;
        problems.Add(new(ProblemSeverity.Note, row.Row, row.Heading(ImportField.Action),
            $"longer than {MaxTitleLength} characters: '{Shorten(row.Title)}' is the title and the whole text goes into the description."));
    }

    private static void ReadDates(PlanRow row, SheetCell? start, SheetCell? due, List<ImportProblem> problems)
    {
        foreach (var (cell, isStart, field) in new[] { (start, true, ImportField.StartDate), (due, false, ImportField.DueDate) })
        {
            if (cell is null) continue;
            var read = ImportValues.Date(cell, isStart);
            if (read.NotADate)
            {
                problems.Add(new(ProblemSeverity.Warning, row.Row, row.Heading(field),
                    $"'{Shorten(cell.Text)}' is not a date — left empty, marked for review (the words are kept in the action's description)."));
                if (isStart) row.StartAsWritten = cell.Text;
                else row.DueAsWritten = cell.Text;
                continue;
            }

            if (read.Note is not null) problems.Add(new(ProblemSeverity.Note, row.Row, row.Heading(field), read.Note + "."));
            if (isStart) row.StartDate = read.Value;
            else row.DueDate = read.Value;
        }
    }

    private static void ReadStatus(PlanRow row, SheetCell? cell, List<ImportProblem> problems)
    {
        if (cell is null) return;
        row.Status = ImportValues.Status(cell.Text);
        if (row.Status is null)
        {
            // Some plans put the RAG word in the status column.
            if (ImportValues.Rag(cell.Text) is { } rag && rag != RagRating.NotStarted)
            {
                row.Rag = rag;
                problems.Add(new(ProblemSeverity.Note, row.Row, row.Heading(ImportField.Status), $"'{cell.Text}' is a RAG rating, read as the RAG rating {rag.Label()}."));
                return;
            }

            problems.Add(new(ProblemSeverity.Warning, row.Row, row.Heading(ImportField.Status),
                $"'{Shorten(cell.Text)}' is not a status (Not started, In progress, Completed, Deferred or Cancelled) — worked out from the RAG and progress instead."));
        }
    }

    private static void ReadRag(PlanRow row, SheetGrid sheet, int r, Dictionary<ImportField, int> columnOf, List<ImportProblem> problems)
    {
        var heading = row.Heading(ImportField.Rag);
        if (columnOf.TryGetValue(ImportField.Rag, out var ragColumn) && sheet.Cell(r, ragColumn) is { } cell)
        {
            if (cell.Text.Length > 0)
            {
                if (ImportValues.Rag(cell.Text) is { } rag)
                {
                    row.Rag = rag;
                    return;
                }

                if (cell.FillRag is { } fromFill)
                {
                    row.Rag = fromFill;
                    row.RagFromColour = true;
                    problems.Add(new(ProblemSeverity.Note, row.Row, heading, $"'{Shorten(cell.Text)}' is not a RAG rating; read {fromFill.Label()} from the cell's fill colour."));
                    return;
                }

                problems.Add(new(ProblemSeverity.Warning, row.Row, heading, $"'{Shorten(cell.Text)}' is not a RAG rating — the rating the rules suggest is used."));
                return;
            }

            if (cell.FillRag is { } fill)
            {
                row.Rag = fill;
                row.RagFromColour = true;
                problems.Add(new(ProblemSeverity.Note, row.Row, heading, $"no word in the cell: RAG {fill.Label()} read from the cell's fill colour."));
                return;
            }
        }

        if (row.Rag is not null) return;
        // Plans with no RAG column often colour the status or progress cell instead.
        foreach (var field in new[] { ImportField.Status, ImportField.Progress, ImportField.Reference })
        {
            if (columnOf.TryGetValue(field, out var column) && sheet.Cell(r, column)?.FillRag is { } colour and not RagRating.NotStarted)
            {
                row.Rag = colour;
                row.RagFromColour = true;
                problems.Add(new(ProblemSeverity.Note, row.Row, row.Heading(field), $"RAG {colour.Label()} read from the cell's fill colour."));
                return;
            }
        }
    }

    private static string? Join(string? a, string? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        _ => a + "\n" + b,
    };

    internal static string Shorten(string text) => text.Length <= 60 ? text.Replace('\n', ' ') : text[..57].Replace('\n', ' ') + "…";

    [GeneratedRegex(@"^progress(?:\s+update)?\s*[:\-–]\s*(?<rest>[\s\S]*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ProgressRow();

    [GeneratedRegex(@"^(?:(?:strategic\s+)?priority|theme|key\s+area|objective|outcome\s+area)\s*\d*\s*[:\-–.]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex PriorityPrefix();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
