using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CommunitySafety.Tests;

/// <summary>A cell of a test workbook: a value, and optionally a fill (ARGB, or a theme colour with a tint) and a formula.</summary>
public sealed record TestCell(object? Value)
{
    public string? Fill { get; init; }
    public (uint Theme, double Tint)? ThemeFill { get; init; }
    public string? Formula { get; init; }
    public bool Percent { get; init; }
    public int MergeAcross { get; init; }

    public static implicit operator TestCell(string? text) => new((object?)text);

    public static implicit operator TestCell(DateOnly date) => new((object?)date);

    public static implicit operator TestCell(int number) => new((object?)number);

    public static implicit operator TestCell(double number) => new((object?)number);
}

/// <summary>
/// Writes council-shaped workbooks with the OpenXML SDK for the import tests, independently of the app's own writer:
/// shared strings as Excel writes them, dates as serial numbers with a date format, fills as solid patterns.
/// </summary>
public static class WorkbookBuilder
{
    public static TestCell Fill(object? value, string argb) => new(value) { Fill = argb };

    public static TestCell Theme(object? value, uint theme, double tint = 0) => new(value) { ThemeFill = (theme, tint) };

    public static TestCell Merged(string text, int across) => new(text) { MergeAcross = across };

    public static byte[] Xlsx(params (string Name, IReadOnlyList<TestCell?[]> Rows)[] sheets) => Xlsx(SpreadsheetDocumentType.Workbook, sheets);

    public static byte[] Xlsx(SpreadsheetDocumentType type, params (string Name, IReadOnlyList<TestCell?[]> Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, type))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook(new Sheets());
            var strings = new List<string>();
            var fills = new List<Fill> { new(new PatternFill { PatternType = PatternValues.None }), new(new PatternFill { PatternType = PatternValues.Gray125 }) };
            var formats = new List<CellFormat> { new() { NumberFormatId = 0, FillId = 0 }, new() { NumberFormatId = 14, ApplyNumberFormat = true }, new() { NumberFormatId = 9, ApplyNumberFormat = true } };
            uint StyleFor(TestCell cell)
            {
                if (cell.Fill is null && cell.ThemeFill is null) return cell.Value is DateOnly ? 1u : cell.Percent ? 2u : 0u;
                var colour = cell.Fill is { } argb ? new ForegroundColor { Rgb = argb } : new ForegroundColor { Theme = cell.ThemeFill!.Value.Theme, Tint = cell.ThemeFill.Value.Tint == 0 ? null : cell.ThemeFill.Value.Tint };
                fills.Add(new Fill(new PatternFill(colour, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }));
                formats.Add(new CellFormat { NumberFormatId = cell.Value is DateOnly ? 14u : 0u, FillId = (uint)(fills.Count - 1), ApplyFill = true });
                return (uint)(formats.Count - 1);
            }

            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                var merges = new List<string>();
                for (var r = 0; r < rows.Count; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    for (var c = 0; c < rows[r].Length; c++)
                    {
                        if (rows[r][c] is not { } cell) continue;
                        var reference = Column(c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                        var x = new Cell { CellReference = reference, StyleIndex = StyleFor(cell) };
                        switch (cell.Value)
                        {
                            case null: break;
                            case string s:
                                strings.Add(s);
                                x.DataType = CellValues.SharedString;
                                x.CellValue = new CellValue((strings.Count - 1).ToString(CultureInfo.InvariantCulture));
                                break;
                            case DateOnly d:
                                x.CellValue = new CellValue(d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture));
                                break;
                            default:
                                x.CellValue = new CellValue(Convert.ToDouble(cell.Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                                break;
                        }

                        if (cell.Formula is { } f) x.CellFormula = new CellFormula(f);
                        if (cell.MergeAcross > 1) merges.Add($"{reference}:{Column(c + cell.MergeAcross - 1)}{r + 1}");
                        row.Append(x);
                    }

                    data.Append(row);
                }

                part.Worksheet = new Worksheet(data);
                if (merges.Count > 0) part.Worksheet.Append(new MergeCells(merges.Select(m => new MergeCell { Reference = m })));
                workbookPart.Workbook.Sheets!.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = id++, Name = name });
            }

            var sst = workbookPart.AddNewPart<SharedStringTablePart>();
            sst.SharedStringTable = new SharedStringTable(strings.Select(s => new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve })));
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()),
                new Fills(fills),
                new Borders(new Border()),
                new CellFormats(formats));
            if (type == SpreadsheetDocumentType.MacroEnabledWorkbook)
            {
                var vba = workbookPart.AddNewPart<VbaProjectPart>();
                using var vbaStream = vba.GetStream(FileMode.Create);
                vbaStream.Write([1, 2, 3, 4]);
            }

            workbookPart.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static string Column(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + ((n - 1) % 26)) + letters;
        return letters;
    }
}
