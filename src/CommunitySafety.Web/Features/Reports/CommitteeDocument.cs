using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CommunitySafety.Web.Features.Reports;

/// <summary>
/// Writes a council committee paper as .docx: real Word heading styles (so the navigation pane and screen readers
/// see the structure), plain tables with a repeating header row, A4 pages, and for exempt papers "EXEMPT" in the
/// header of every page.
/// </summary>
public sealed partial class CommitteeDocument
{
    public const string ExemptMarking = "EXEMPT";
    public const string ExemptNotice = "Not for publication: exempt information under Schedule 12A to the Local Government Act 1972.";

    // A4 less the margins, in twentieths of a point.
    private const int TextWidth = 11906 - 2 * 1134;

    private readonly Body body = new();

    private CommitteeDocument()
    {
    }

    public static byte[] Write(string title, bool exempt, Action<CommitteeDocument> build)
    {
        var document = new CommitteeDocument();
        if (exempt) document.Paragraph(ExemptNotice, bold: true);
        build(document);
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            word.PackageProperties.Title = title;
            word.PackageProperties.Creator = "CommunitySafety";
            var main = word.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
            var section = new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1134U, Right = 1134U, Header = 567U, Footer = 567U, Gutter = 0U });
            if (exempt)
            {
                var header = main.AddNewPart<HeaderPart>();
                header.Header = new Header(new Paragraph(
                    new ParagraphProperties(new Justification { Val = JustificationValues.Right }),
                    new Run(new RunProperties(new Bold(), new FontSize { Val = "28" }), new Text(ExemptMarking))));
                section.PrependChild(new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) });
            }

            document.body.Append(section);
            main.Document = new Document(document.body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    public void Title(string text) => body.Append(StyledParagraph("Title", text));

    public void Heading(int level, string text) => body.Append(StyledParagraph($"Heading{level}", text));

    public void Paragraph(string text, bool bold = false)
    {
        var run = new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        if (bold) run.PrependChild(new RunProperties(new Bold()));
        body.Append(new Paragraph(run));
    }

    /// <summary>A bold label and its text on one line, as in "Report of: ...".</summary>
    public void Labelled(string label, string text) =>
        body.Append(new Paragraph(
            new Run(new RunProperties(new Bold()), new Text(label + " ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new Text(text))));

    /// <summary>A numbered paragraph as committee papers number them: "2.1 Notes the ...".</summary>
    public void Numbered(string number, string text) =>
        body.Append(new Paragraph(
            new ParagraphProperties(new Indentation { Left = "567", Hanging = "567" }),
            new Run(new Text(number)), new Run(new TabChar()), new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve })));

    /// <summary>A table across the page; <paramref name="percentWidths"/> share the width between the columns.</summary>
    public void Table(IReadOnlyList<string> headings, IReadOnlyList<int> percentWidths, IEnumerable<IReadOnlyList<string>> rows)
    {
        var widths = percentWidths.Select(p => TextWidth * p / percentWidths.Sum()).ToList();
        var table = new Table(
            new TableProperties(
                new TableStyle { Val = "TableGrid" },
                new TableWidth { Type = TableWidthUnitValues.Dxa, Width = TextWidth.ToString() },
                new TableLayout { Type = TableLayoutValues.Fixed }),
            new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString() })));
        table.Append(Row(headings, widths, header: true));
        foreach (var row in rows) table.Append(Row(row, widths, header: false));
        body.Append(table);
        body.Append(new Paragraph());
    }

    private static TableRow Row(IReadOnlyList<string> cells, IReadOnlyList<int> widths, bool header)
    {
        var row = new TableRow();
        if (header) row.Append(new TableRowProperties(new TableHeader()));
        for (var i = 0; i < cells.Count; i++)
        {
            var run = CellRun(cells[i]);
            if (header) run.PrependChild(new RunProperties(new Bold()));
            row.Append(new TableCell(
                new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = widths[i].ToString() }),
                new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "0" }), run)));
        }

        return row;
    }

    /// <summary>
    /// A code such as an action reference ("DRC-01") is held together with Word's non-breaking hyphen, so a narrow
    /// column never splits it into "DRC-" and "01"; prose keeps ordinary hyphens.
    /// </summary>
    private static Run CellRun(string text)
    {
        if (!Code().IsMatch(text)) return new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        var run = new Run();
        var parts = text.Split('-');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) run.Append(new NoBreakHyphen());
            run.Append(new Text(parts[i]));
        }

        return run;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9]+(-[A-Za-z0-9./]+)+$")]
    private static partial System.Text.RegularExpressions.Regex Code();

    private static Paragraph StyledParagraph(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static Styles Styles()
    {
        static Style Paragraph(string id, string name, int halfPoints, bool bold, int? outline, int spaceBefore)
        {
            var style = new Style(
                new StyleName { Val = name },
                new BasedOn { Val = "Normal" },
                new NextParagraphStyle { Val = "Normal" },
                new PrimaryStyle(),
                new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = spaceBefore.ToString(), After = "120" }),
                new StyleRunProperties(new FontSize { Val = halfPoints.ToString() }))
            { Type = StyleValues.Paragraph, StyleId = id };
            if (bold) style.StyleRunProperties!.PrependChild(new Bold());
            if (outline is { } level) style.StyleParagraphProperties!.Append(new OutlineLevel { Val = level });
            return style;
        }

        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Arial", HighAnsi = "Arial", ComplexScript = "Arial" },
                    new FontSize { Val = "22" },
                    new Languages { Val = "en-GB" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "160", Line = "264", LineRule = LineSpacingRuleValues.Auto }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            Paragraph("Title", "Title", 36, true, null, 0),
            Paragraph("Heading1", "heading 1", 30, true, 0, 360),
            Paragraph("Heading2", "heading 2", 26, true, 1, 240),
            Paragraph("Heading3", "heading 3", 22, true, 2, 200),
            new Style(
                new StyleName { Val = "Table Grid" },
                new StyleTableProperties(new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4 },
                    new BottomBorder { Val = BorderValues.Single, Size = 4 },
                    new LeftBorder { Val = BorderValues.Single, Size = 4 },
                    new RightBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
                    new TableCellMarginDefault(
                        new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                        new TableCellLeftMargin { Width = 80, Type = TableWidthValues.Dxa },
                        new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                        new TableCellRightMargin { Width = 80, Type = TableWidthValues.Dxa })))
            { Type = StyleValues.Table, StyleId = "TableGrid" });
    }
}
