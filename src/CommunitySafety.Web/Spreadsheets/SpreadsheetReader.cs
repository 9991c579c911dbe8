using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CommunitySafety.Web.Spreadsheets;

/// <summary>
/// Reads an uploaded .xlsx (OpenXML SDK) or .csv (CsvHelper) into grids of cells, refusing with a clear message
/// anything that is not a spreadsheet it can read: an old .xls, a password-protected workbook, a macro-enabled one,
/// an empty file.
/// </summary>
public static class SpreadsheetReader
{
    public const int MaxRows = 10_000;
    public const int MaxColumns = 100;
    public const long MaxBytes = 10 * 1024 * 1024;

    private static readonly byte[] CompoundFile = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] EncryptionInfo = Encoding.Unicode.GetBytes("EncryptionInfo");

    public static SpreadsheetContent Read(byte[] bytes, string fileName)
    {
        if (bytes.Length == 0) throw new SpreadsheetRejectedException("The file is empty.");
        if (bytes.Length > MaxBytes) throw new SpreadsheetRejectedException("The file is larger than 10 MB. Upload just the action plan's sheet.");
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (bytes.AsSpan().StartsWith(CompoundFile))
        {
            // Excel wraps a password-protected .xlsx in the same compound-file container as an old .xls.
            throw new SpreadsheetRejectedException(bytes.AsSpan().IndexOf(EncryptionInfo) >= 0
                ? "The workbook is protected by a password, so it cannot be read. Open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password) and upload it again."
                : "This is an old-style Excel file (.xls). Open it in Excel, save it as an Excel Workbook (.xlsx) and upload that.");
        }

        var isZip = bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K';
        return extension switch
        {
            ".csv" or ".txt" when !isZip => ReadCsv(bytes, fileName),
            ".xlsx" or ".xlsm" or ".xltx" when isZip => ReadXlsx(bytes, fileName),
            ".xlsx" or ".xlsm" or ".xltx" or ".csv" => throw new SpreadsheetRejectedException($"'{fileName}' is not a spreadsheet, whatever its name says. Upload an Excel workbook (.xlsx) or a CSV file."),
            _ => throw new SpreadsheetRejectedException($"'{fileName}' is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."),
        };
    }

    private static SpreadsheetContent ReadXlsx(byte[] bytes, string fileName)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(stream, false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or FileFormatException or InvalidOperationException or ArgumentException)
        {
            throw new SpreadsheetRejectedException(Damaged(fileName));
        }

        using (document)
        {
            var workbookPart = document.WorkbookPart ?? throw new SpreadsheetRejectedException(Damaged(fileName));
            if (document.DocumentType is DocumentFormat.OpenXml.SpreadsheetDocumentType.MacroEnabledWorkbook or DocumentFormat.OpenXml.SpreadsheetDocumentType.MacroEnabledTemplate
                || workbookPart.VbaProjectPart is not null)
            {
                throw new SpreadsheetRejectedException("The workbook contains macros, which are not imported. In Excel choose File › Save As › Excel Workbook (.xlsx) to save a copy without them, and upload that.");
            }

            var styles = new XlsxStyles(workbookPart);
            var sharedStrings = workbookPart.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(ItemText).ToArray() ?? [];
            var sheets = new List<SheetGrid>();
            foreach (var sheet in workbookPart.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                if (sheet.Id?.Value is not { } id || workbookPart.GetPartById(id) is not WorksheetPart part) continue;
                sheets.Add(ReadSheet(sheet.Name?.Value ?? "Sheet", part, styles, sharedStrings));
            }

            if (sheets.Count == 0 || sheets.All(s => s.Problem is null && s.Rows.All(r => r.All(c => c is null || c.IsEmpty))))
            {
                throw new SpreadsheetRejectedException("The workbook is empty: none of its sheets has anything in it.");
            }

            return new SpreadsheetContent(fileName, sheets);
        }
    }

    private static string Damaged(string fileName) =>
        $"'{fileName}' cannot be opened as an Excel workbook: it may be damaged, or another kind of file. Open it in Excel, save it as an Excel Workbook (.xlsx) and upload that.";

    private static SheetGrid ReadSheet(string name, WorksheetPart part, XlsxStyles styles, string[] sharedStrings)
    {
        var sheetData = part.Worksheet?.GetFirstChild<SheetData>();
        var rowElements = sheetData?.Elements<Row>().ToList() ?? [];
        var lastRow = 0;
        foreach (var r in rowElements)
        {
            if (r.Elements<Cell>().Any(c => c.CellValue is not null || c.InlineString is not null || c.CellFormula is not null))
                lastRow = (int)(r.RowIndex?.Value ?? (uint)(lastRow + 1));
        }

        if (lastRow > MaxRows)
        {
            return new SheetGrid(name, [], 0, $"The sheet '{name}' has {lastRow:N0} rows; at most {MaxRows:N0} can be imported at once. Split the plan, or delete the rows below it.");
        }

        var rows = new SheetCell?[lastRow][];
        var columns = 0;
        var rowNumber = 0;
        foreach (var r in rowElements)
        {
            rowNumber = (int)(r.RowIndex?.Value ?? (uint)(rowNumber + 1));
            if (rowNumber > lastRow) break;
            var cells = new SheetCell?[MaxColumns];
            var column = -1;
            foreach (var c in r.Elements<Cell>())
            {
                column = c.CellReference?.Value is { } reference ? ColumnIndex(reference) : column + 1;
                if (column is < 0 or >= MaxColumns) continue;
                var cell = ReadCell(c, styles, sharedStrings);
                if (cell is null) continue;
                cells[column] = cell;
                columns = Math.Max(columns, column + 1);
            }

            rows[rowNumber - 1] = cells;
        }

        for (var i = 0; i < rows.Length; i++) rows[i] ??= new SheetCell?[MaxColumns];
        foreach (var merge in part.Worksheet?.Elements<MergeCells>().SelectMany(m => m.Elements<MergeCell>()) ?? [])
        {
            if (merge.Reference?.Value?.Split(':') is not [var from, var to]) continue;
            var (row, first, last) = (RowIndex(from) - 1, ColumnIndex(from), ColumnIndex(to));
            if (row < 0 || row >= rows.Length || first is < 0 or >= MaxColumns) continue;
            if (rows[row][first] is { } topLeft) rows[row][first] = topLeft with { MergedColumns = Math.Max(1, last - first + 1) };
        }

        return new SheetGrid(name, [.. rows.Select(r => r[..Math.Max(columns, 1)])], columns);
    }

    private static SheetCell? ReadCell(Cell c, XlsxStyles styles, string[] sharedStrings)
    {
        var style = c.StyleIndex?.Value ?? 0;
        var fillRag = styles.FillRag(style);
        var formula = c.CellFormula is { } f ? "=" + f.Text : null;
        var raw = c.CellValue?.Text;
        var type = c.DataType?.Value;
        SheetCell cell;
        if (type == CellValues.SharedString)
        {
            cell = new SheetCell(int.TryParse(raw, out var i) && i >= 0 && i < sharedStrings.Length ? sharedStrings[i] : "");
        }
        else if (type == CellValues.InlineString)
        {
            cell = new SheetCell(c.InlineString is { } inline ? InlineText(inline) : raw ?? "");
        }
        else if (type == CellValues.Boolean)
        {
            cell = new SheetCell(raw == "1" ? "TRUE" : "FALSE");
        }
        else if (type == CellValues.Date)
        {
            cell = DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? new SheetCell(d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)) { Date = DateOnly.FromDateTime(d) }
                : new SheetCell(raw ?? "");
        }
        else if (type == CellValues.String || type == CellValues.Error)
        {
            cell = new SheetCell(raw ?? "");
        }
        else if (raw is not null && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            var format = styles.NumberFormat(style);
            if (format.IsDate && number is > 0 and < 2958466)
            {
                var date = DateOnly.FromDateTime(DateTime.FromOADate(number));
                cell = new SheetCell(date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)) { Date = date, Number = number };
            }
            else
            {
                cell = new SheetCell(format.IsPercent
                        ? (number * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%"
                        : number.ToString("0.##########", CultureInfo.InvariantCulture))
                    { Number = number, IsPercent = format.IsPercent };
            }
        }
        else
        {
            cell = new SheetCell(raw ?? "");
        }

        cell = cell with { Text = Normalise(cell.Text), FillRag = fillRag, Formula = formula };
        return cell.IsEmpty && fillRag is null ? null : cell;
    }

    private static string ItemText(SharedStringItem item) =>
        item.Text is { } t ? t.Text : string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));

    private static string InlineText(InlineString inline) =>
        inline.Text is { } t ? t.Text : string.Concat(inline.Elements<Run>().Select(r => r.Text?.Text));

    /// <summary>Line breaks as "\n", no non-breaking spaces, no spaces at the ends: what a person would say the cell holds.</summary>
    private static string Normalise(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace('\u00A0', ' ').Trim();

    private static int ColumnIndex(string reference)
    {
        var column = 0;
        foreach (var ch in reference)
        {
            if (!char.IsAsciiLetter(ch)) break;
            column = (column * 26) + (char.ToUpperInvariant(ch) - 'A' + 1);
        }

        return column - 1;
    }

    private static int RowIndex(string reference) =>
        int.TryParse(new string([.. reference.SkipWhile(char.IsAsciiLetter)]), out var row) ? row : 0;

    private static SpreadsheetContent ReadCsv(byte[] bytes, string fileName)
    {
        if (bytes.AsSpan().IndexOf((byte)0) >= 0)
        {
            throw new SpreadsheetRejectedException($"'{fileName}' is not a CSV file: it holds binary data. Upload an Excel workbook (.xlsx) or a CSV file.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Excel's "CSV (Comma delimited)" on Windows writes the ANSI code page; £ and é come out as single bytes.
            text = Encoding.Latin1.GetString(bytes);
        }

        var rows = new List<SheetCell?[]>();
        var columns = 0;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            BadDataFound = null,
            HasHeaderRecord = false,
            // Row numbers in messages must be the ones the coordinator sees in the file, blank rows included.
            IgnoreBlankLines = false,
        };
        using (var reader = new StringReader(text.TrimStart('\uFEFF')))
        using (var parser = new CsvParser(reader, config))
        {
            try
            {
                while (parser.Read())
                {
                    if (rows.Count >= MaxRows)
                    {
                        throw new SpreadsheetRejectedException($"The file has more than {MaxRows:N0} rows; at most {MaxRows:N0} can be imported at once. Split the plan, or delete the rows below it.");
                    }

                    var record = parser.Record ?? [];
                    var cells = new SheetCell?[Math.Min(record.Length, MaxColumns)];
                    for (var i = 0; i < cells.Length; i++)
                    {
                        var value = Normalise(record[i]);
                        if (value.Length == 0) continue;
                        // A CSV has no formulas, but Excel runs a cell starting with "=" as one when it opens the file.
                        cells[i] = value.StartsWith('=') ? new SheetCell(value) { Formula = value } : new SheetCell(value);
                        columns = Math.Max(columns, i + 1);
                    }

                    rows.Add(cells);
                }
            }
            catch (CsvHelperException)
            {
                throw new SpreadsheetRejectedException($"'{fileName}' cannot be read as a CSV file. Save it from Excel as CSV UTF-8, or upload the .xlsx workbook.");
            }
        }

        while (rows.Count > 0 && rows[^1].All(c => c is null)) rows.RemoveAt(rows.Count - 1);
        if (rows.Count == 0) throw new SpreadsheetRejectedException("The file is empty: it has no rows.");
        var grid = rows.Select(r => r.Length == columns ? r : [.. r, .. new SheetCell?[columns - r.Length]]).ToList();
        return new SpreadsheetContent(fileName, [new SheetGrid(Path.GetFileNameWithoutExtension(fileName), grid, columns)]);
    }
}
