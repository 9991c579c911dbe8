using System.Text;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Import;
using CommunitySafety.Web.Spreadsheets;
using DocumentFormat.OpenXml;

namespace CommunitySafety.Web.Tests.Import;

/// <summary>Files that are not an importable action plan are refused with a message that says what to do.</summary>
public class BadFileTests
{
    private static string Refusal(byte[] bytes, string name) =>
        Assert.Throws<SpreadsheetRejectedException>(() => SpreadsheetReader.Read(bytes, name)).Message;

    [Fact]
    public void An_empty_file_is_refused()
    {
        Assert.Equal("The file is empty.", Refusal([], "plan.xlsx"));
    }

    [Fact]
    public void A_file_that_is_not_a_spreadsheet_is_refused_whatever_its_name()
    {
        Assert.Contains("is not a spreadsheet", Refusal(Encoding.ASCII.GetBytes("%PDF-1.7 not a workbook"), "plan.xlsx"));
        Assert.Contains("is not a spreadsheet", Refusal(Encoding.ASCII.GetBytes("hello"), "minutes.docx"));
    }

    [Fact]
    public void A_zip_that_is_not_a_workbook_is_refused_as_damaged_or_another_kind_of_file()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            entry.Write("not a workbook");
        }

        var message = Refusal(stream.ToArray(), "plan.xlsx");
        Assert.True(message.Contains("cannot be opened as an Excel workbook", StringComparison.Ordinal), message);
    }

    [Fact]
    public void A_password_protected_workbook_is_refused_and_told_how_to_remove_the_password()
    {
        // Excel wraps an encrypted workbook in a compound file holding an EncryptionInfo stream.
        var bytes = new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.Concat(new byte[504]).Concat(Encoding.Unicode.GetBytes("EncryptionInfo")).Concat(new byte[64]).ToArray();

        Assert.Contains("protected by a password", Refusal(bytes, "plan.xlsx"));
    }

    [Fact]
    public void An_old_xls_workbook_is_refused_and_told_to_save_as_xlsx()
    {
        var bytes = new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.Concat(new byte[600]).ToArray();

        Assert.Contains("old-style Excel file (.xls)", Refusal(bytes, "plan.xls"));
    }

    [Fact]
    public void A_macro_enabled_workbook_is_refused()
    {
        var bytes = WorkbookBuilder.Xlsx(SpreadsheetDocumentType.MacroEnabledWorkbook, ("Plan", [["Ref", "Action"], ["M1", "Macro"]]));

        Assert.Contains("contains macros", Refusal(bytes, "plan.xlsm"));
    }

    [Fact]
    public void A_workbook_with_nothing_in_it_is_refused()
    {
        Assert.Contains("The workbook is empty", Refusal(WorkbookBuilder.Xlsx(("Sheet1", [])), "plan.xlsx"));
    }

    [Fact]
    public void More_than_ten_thousand_rows_are_refused()
    {
        var csv = "Ref,Action\n" + string.Concat(Enumerable.Range(1, 10_000).Select(i => $"R{i},Action {i}\n"));
        Assert.Contains("more than 10,000 rows", Refusal(Encoding.UTF8.GetBytes(csv), "plan.csv"));

        var rows = new List<TestCell?[]> { new TestCell?[] { "Ref", "Action" } };
        rows.AddRange(Enumerable.Range(1, 10_000).Select(i => new TestCell?[] { $"R{i}", $"Action {i}" }));
        var sheet = SpreadsheetReader.Read(WorkbookBuilder.Xlsx(("Big", rows)), "big.xlsx").Sheets[0];
        Assert.Contains("has 10,001 rows; at most 10,000", sheet.Problem);
    }

    [Fact]
    public void A_binary_file_named_csv_is_refused()
    {
        Assert.Contains("holds binary data", Refusal([0x41, 0x00, 0x42, 0x00], "plan.csv"));
    }

    [Fact]
    public void A_sheet_with_no_recognisable_heading_row_has_none()
    {
        var sheet = SpreadsheetReader.Read(WorkbookBuilder.Xlsx(("Notes", [["Minutes of the meeting"], ["Apologies", "Cllr Smith"]])), "notes.xlsx").Sheets[0];

        Assert.Null(ImportHeadings.FindHeaderRow(sheet));
    }
}
