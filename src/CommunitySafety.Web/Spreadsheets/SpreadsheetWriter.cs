using System.Globalization;
using CommunitySafety.Domain;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CommunitySafety.Web.Spreadsheets;

public enum ColumnKind
{
    Text,

    /// <summary>Paragraphs: a wide column with wrapped text.</summary>
    LongText,
    Date,
    Integer,
    Number,
    Money,

    /// <summary>A RAG rating: the word, and the rating's fill.</summary>
    Rag,
}

public sealed record SheetColumn(string Heading, ColumnKind Kind);

/// <summary>A cell's text with the fill of a rating (a risk level shown in RAG colours, say).</summary>
public sealed record Filled(string Text, RagRating Colour);

/// <summary>One register as a sheet: a title line, optionally the exempt marking, the heading row and the rows.</summary>
public sealed record SheetContent(string Name, string Title, IReadOnlyList<SheetColumn> Columns, IReadOnlyList<object?[]> Rows, string? ExemptMarking = null);

/// <summary>
/// Writes registers as .xlsx with the OpenXML SDK: real date cells in UK format, RAG as the word and the fill, a frozen
/// heading row with an auto-filter, widths that fit, and the exempt marking above the headings and in the print header.
/// </summary>
public static class SpreadsheetWriter
{
    private const uint HeaderStyle = 1, TextStyle = 2, DateStyle = 3, IntegerStyle = 4, MoneyStyle = 5, TitleStyle = 6, ExemptStyle = 7, NumberStyle = 8, WrappedStyle = 9;
    private static readonly RagRating[] Ratings = [RagRating.Red, RagRating.Amber, RagRating.Green, RagRating.Complete, RagRating.NotStarted];

    private static uint RagStyle(RagRating rating) => 10 + (uint)Array.IndexOf(Ratings, rating);

    public static byte[] Write(IReadOnlyList<SheetContent> sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
            stylesPart.Stylesheet = Stylesheet();
            var sheetList = workbookPart.Workbook.AppendChild(new Sheets());
            var definedNames = new DefinedNames();
            uint sheetId = 1;
            foreach (var content in sheets)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                var headerRow = content.ExemptMarking is null ? 2 : 3;
                part.Worksheet = Worksheet(content, headerRow);
                var name = SheetName(content.Name);
                sheetList.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId, Name = name });
                var lastColumn = SheetGrid.ColumnLetters(content.Columns.Count - 1);
                definedNames.Append(new DefinedName($"'{name.Replace("'", "''", StringComparison.Ordinal)}'!$A${headerRow}:${lastColumn}${headerRow + Math.Max(content.Rows.Count, 1)}")
                {
                    Name = "_xlnm._FilterDatabase", LocalSheetId = sheetId - 1, Hidden = true,
                });
                sheetId++;
            }

            workbookPart.Workbook.Append(definedNames);
            workbookPart.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Worksheet Worksheet(SheetContent content, int headerRow)
    {
        var lastColumn = SheetGrid.ColumnLetters(content.Columns.Count - 1);
        var lastRow = headerRow + Math.Max(content.Rows.Count, 1);
        var sheetData = new SheetData();
        sheetData.Append(RowOf(1, [TextCell("A1", content.Title, TitleStyle)]));
        if (content.ExemptMarking is { } marking) sheetData.Append(RowOf(2, [TextCell("A2", marking, ExemptStyle)]));
        sheetData.Append(RowOf(headerRow, content.Columns.Select((c, i) => TextCell(Ref(i, headerRow), c.Heading, HeaderStyle))));
        var rowIndex = headerRow;
        foreach (var values in content.Rows)
        {
            rowIndex++;
            var cells = new List<Cell>();
            for (var i = 0; i < content.Columns.Count; i++)
            {
                if (ValueCell(Ref(i, rowIndex), content.Columns[i].Kind, i < values.Length ? values[i] : null) is { } cell) cells.Add(cell);
            }

            sheetData.Append(RowOf(rowIndex, cells));
        }

        var worksheet = new Worksheet(
            new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = headerRow, TopLeftCell = $"A{headerRow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
            }, new Selection { Pane = PaneValues.BottomLeft, ActiveCell = $"A{headerRow + 1}", SequenceOfReferences = new ListValue<StringValue> { InnerText = $"A{headerRow + 1}" } })
            { WorkbookViewId = 0 }),
            Columns(content),
            sheetData,
            new AutoFilter { Reference = $"A{headerRow}:{lastColumn}{lastRow}" });
        if (content.ExemptMarking is not null)
        {
            worksheet.Append(new PageMargins { Left = 0.7, Right = 0.7, Top = 0.75, Bottom = 0.75, Header = 0.3, Footer = 0.3 });
            worksheet.Append(new HeaderFooter(new OddHeader("&C&\"-,Bold\"EXEMPT: NOT FOR PUBLICATION")));
        }

        return worksheet;
    }

    private static Columns Columns(SheetContent content)
    {
        var columns = new Columns();
        for (var i = 0; i < content.Columns.Count; i++)
        {
            var column = content.Columns[i];
            var longest = content.Rows.Select(r => i < r.Length ? Display(r[i]).Split('\n').Max(l => l.Length) : 0).DefaultIfEmpty(0).Max();
            var width = column.Kind switch
            {
                ColumnKind.LongText => Math.Clamp(longest, 20, 60),
                ColumnKind.Date => 12,
                _ => Math.Clamp(Math.Max(longest, column.Heading.Length) + 2, 8, 45),
            };
            width = Math.Max(width, Math.Min(column.Heading.Length + 3, 30));
            columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = width, CustomWidth = true });
        }

        return columns;
    }

    private static Cell? ValueCell(string reference, ColumnKind kind, object? value) => value switch
    {
        null => null,
        RagRating rating => TextCell(reference, rating.Label(), RagStyle(rating)),
        Filled filled => TextCell(reference, filled.Text, RagStyle(filled.Colour)),
        DateOnly date => NumberCell(reference, date.ToDateTime(TimeOnly.MinValue).ToOADate(), DateStyle),
        int n => NumberCell(reference, n, kind == ColumnKind.Money ? MoneyStyle : IntegerStyle),
        decimal d => NumberCell(reference, (double)d, kind == ColumnKind.Money ? MoneyStyle : NumberStyle),
        double d => NumberCell(reference, d, kind == ColumnKind.Money ? MoneyStyle : NumberStyle),
        string s when s.Length == 0 => null,
        string s => TextCell(reference, s, kind == ColumnKind.LongText || s.Contains('\n') ? WrappedStyle : TextStyle),
        _ => TextCell(reference, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", TextStyle),
    };

    private static string Display(object? value) => value switch
    {
        null => "",
        RagRating r => r.Label(),
        Filled f => f.Text,
        DateOnly => "00/00/0000",
        decimal d => d.ToString("N2", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    // Inline strings: a text starting with "=" stays text, never a formula.
    private static Cell TextCell(string reference, string text, uint style) =>
        new(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve })) { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = style };

    private static Cell NumberCell(string reference, double value, uint style) =>
        new(new CellValue(value.ToString("R", CultureInfo.InvariantCulture))) { CellReference = reference, StyleIndex = style };

    private static Row RowOf(int index, IEnumerable<Cell> cells)
    {
        var row = new Row { RowIndex = (uint)index };
        row.Append(cells);
        return row;
    }

    private static string Ref(int column, int row) => SheetGrid.ColumnLetters(column) + row.ToString(CultureInfo.InvariantCulture);

    private static string SheetName(string name)
    {
        var clean = new string([.. name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\'))]).Trim('\'');
        return clean.Length > 31 ? clean[..31] : clean;
    }

    private static Stylesheet Stylesheet()
    {
        static Font Font(bool bold = false, double size = 11, string? colour = null)
        {
            var font = new Font();
            if (bold) font.Append(new Bold());
            font.Append(new FontSize { Val = size });
            if (colour is not null) font.Append(new Color { Rgb = colour });
            font.Append(new FontName { Val = "Calibri" });
            return font;
        }

        static Fill Solid(string argb) => new(new PatternFill(new ForegroundColor { Rgb = argb }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid });

        var fills = new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }), Solid("FFDDEBF7"));
        foreach (var rating in Ratings) fills.Append(Solid(RagColours.Fill(rating)));

        var thin = new Border(
            new LeftBorder(new Color { Rgb = "FFBFBFBF" }) { Style = BorderStyleValues.Thin },
            new RightBorder(new Color { Rgb = "FFBFBFBF" }) { Style = BorderStyleValues.Thin },
            new TopBorder(new Color { Rgb = "FFBFBFBF" }) { Style = BorderStyleValues.Thin },
            new BottomBorder(new Color { Rgb = "FFBFBFBF" }) { Style = BorderStyleValues.Thin },
            new DiagonalBorder());

        static CellFormat Xf(uint numFmt = 0, uint font = 0, uint fill = 0, uint border = 1, bool wrap = false)
        {
            var xf = new CellFormat { NumberFormatId = numFmt, FontId = font, FillId = fill, BorderId = border, FormatId = 0, ApplyNumberFormat = numFmt != 0, ApplyFont = font != 0, ApplyFill = fill != 0, ApplyBorder = border != 0, ApplyAlignment = true };
            xf.Append(new Alignment { Vertical = VerticalAlignmentValues.Top, WrapText = wrap });
            return xf;
        }

        var formats = new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            Xf(font: 1, fill: 2, wrap: true),
            Xf(),
            Xf(numFmt: 164),
            Xf(numFmt: 1),
            Xf(numFmt: 165),
            Xf(font: 2, border: 0),
            Xf(font: 3, border: 0),
            Xf(numFmt: 2),
            Xf(wrap: true));
        for (var i = 0; i < Ratings.Length; i++) formats.Append(Xf(font: 1, fill: (uint)(3 + i)));

        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy" }, new NumberingFormat { NumberFormatId = 165, FormatCode = "\"£\"#,##0.00" }),
            new Fonts(Font(), Font(bold: true), Font(bold: true, size: 14), Font(bold: true, size: 12, colour: "FFC00000")),
            fills,
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin),
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }),
            formats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }));
    }
}
