using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CommunitySafety.Web.Tests.Reports;

/// <summary>What a produced .docx says, read back with the OpenXML SDK the way Word would see it.</summary>
public sealed record Docx(
    IReadOnlyList<(string Style, string Text)> Paragraphs,
    IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> Tables,
    string HeaderText,
    string AllText)
{
    public static Docx Open(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var word = WordprocessingDocument.Open(stream, false);
        var body = word.MainDocumentPart!.Document!.Body!;
        var paragraphs = body.Elements<Paragraph>()
            .Select(p => (p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "Normal", TextOf(p)))
            .ToList();
        var tables = body.Elements<Table>()
            .Select(t => (IReadOnlyList<IReadOnlyList<string>>)t.Elements<TableRow>()
                .Select(r => (IReadOnlyList<string>)r.Elements<TableCell>().Select(TextOf).ToList()).ToList())
            .ToList();
        var header = string.Join("\n", word.MainDocumentPart.HeaderParts.Select(h => h.Header!.InnerText));
        var styles = word.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>().Select(s => s.StyleId?.Value).ToList();
        Assert.Contains("Heading1", styles);
        return new Docx(paragraphs, tables, header, TextOf(body));
    }

    /// <summary>The text as Word shows it: a non-breaking hyphen is a hyphen that does not break.</summary>
    private static string TextOf(DocumentFormat.OpenXml.OpenXmlElement element) =>
        string.Concat(element.Descendants().Select(e => e switch
        {
            Text t => t.Text,
            NoBreakHyphen => "-",
            _ => "",
        }));

    public IEnumerable<string> Headings(int level) => Paragraphs.Where(p => p.Style == $"Heading{level}").Select(p => p.Text);

    public IReadOnlyList<string> RowContaining(string text) =>
        Tables.SelectMany(t => t).First(r => r.Any(c => c.Contains(text, StringComparison.Ordinal)));
}
