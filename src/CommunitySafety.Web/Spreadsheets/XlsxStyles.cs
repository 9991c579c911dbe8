using CommunitySafety.Domain;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using A = DocumentFormat.OpenXml.Drawing;

namespace CommunitySafety.Web.Spreadsheets;

/// <summary>What a workbook's cell styles say about a cell: is its number a date or a percentage, and what colour is its fill.</summary>
internal sealed class XlsxStyles
{
    // Excel's default 56-colour palette (plus the first eight repeated), for fills given as an index.
    private static readonly string[] DefaultPalette =
    [
        "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
        "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
        "800000", "008000", "000080", "808000", "800080", "008080", "C0C0C0", "808080",
        "9999FF", "993366", "FFFFCC", "CCFFFF", "660066", "FF8080", "0066CC", "CCCCFF",
        "000080", "FF00FF", "FFFF00", "00FFFF", "800080", "800000", "008080", "0000FF",
        "00CCFF", "CCFFFF", "CCFFCC", "FFFF99", "99CCFF", "FF99CC", "CC99FF", "FFCC99",
        "3366FF", "33CCCC", "99CC00", "FFCC00", "FF9900", "FF6600", "666699", "969696",
        "003366", "339966", "003300", "333300", "993300", "993366", "333399", "333333",
    ];

    // Office's default theme, for workbooks without a theme part: lt1, dk1, lt2, dk2, accent1-6.
    private static readonly string[] DefaultTheme =
        ["FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47", "0563C1", "954F72"];

    private readonly (bool IsDate, bool IsPercent)[] formats;
    private readonly RagRating?[] fills;

    public XlsxStyles(WorkbookPart workbook)
    {
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        var custom = stylesheet?.NumberingFormats?.Elements<NumberingFormat>()
            .Where(n => n.NumberFormatId?.Value is not null)
            .GroupBy(n => n.NumberFormatId!.Value)
            .ToDictionary(g => g.Key, g => g.First().FormatCode?.Value ?? "") ?? [];
        var palette = stylesheet?.Colors?.IndexedColors?.Elements<RgbColor>().Select(c => c.Rgb?.Value is { Length: >= 6 } v ? v[^6..] : "FFFFFF").ToArray() is { Length: > 0 } p
            ? p : DefaultPalette;
        var theme = ThemeColours(workbook);
        var fillRags = stylesheet?.Fills?.Elements<Fill>().Select(f => ReadFill(f, palette, theme)).ToArray() ?? [];
        var xfs = stylesheet?.CellFormats?.Elements<CellFormat>().ToArray() ?? [];
        formats = [.. xfs.Select(xf => Format(xf.NumberFormatId?.Value ?? 0, custom))];
        fills = [.. xfs.Select(xf => xf.FillId?.Value is { } id && id < fillRags.Length ? fillRags[id] : null)];
    }

    public (bool IsDate, bool IsPercent) NumberFormat(uint style) => style < formats.Length ? formats[style] : (false, false);

    public RagRating? FillRag(uint style) => style < fills.Length ? fills[style] : null;

    private static (bool IsDate, bool IsPercent) Format(uint id, Dictionary<uint, string> custom)
    {
        if (custom.TryGetValue(id, out var code))
        {
            var format = new ExcelNumberFormat.NumberFormat(code);
            return (format.IsValid && format.IsDateTimeFormat, code.Contains('%'));
        }

        // The built-in formats: 14-22 and 45-47 are dates and times, 9 and 10 percentages.
        return (id is >= 14 and <= 22 or >= 45 and <= 47, id is 9 or 10);
    }

    private static RagRating? ReadFill(Fill fill, string[] palette, string[] theme)
    {
        var pattern = fill.PatternFill;
        if (pattern?.PatternType?.Value is not { } type || type == PatternValues.None || type == PatternValues.Gray125) return null;
        var colour = pattern.ForegroundColor;
        if (colour is null) return null;
        string? rgb = null;
        if (colour.Rgb?.Value is { Length: >= 6 } argb) rgb = argb[^6..];
        else if (colour.Theme?.Value is { } t && t < theme.Length) rgb = theme[t];
        else if (colour.Indexed?.Value is { } i && i < palette.Length) rgb = palette[i];
        if (rgb is null) return null;
        if (colour.Tint?.Value is { } tint) rgb = RagColours.ApplyTint(rgb, tint);
        return RagColours.Read(rgb);
    }

    /// <summary>The theme's colours in the order cells index them: lt1, dk1, lt2, dk2 (swapped from the theme's own order), accents, links.</summary>
    private static string[] ThemeColours(WorkbookPart workbook)
    {
        var scheme = workbook.ThemePart?.Theme?.ThemeElements?.ColorScheme;
        if (scheme is null) return DefaultTheme;
        static string Of(A.Color2Type? c) =>
            c?.RgbColorModelHex?.Val?.Value ?? c?.SystemColor?.LastColor?.Value ?? "FFFFFF";
        return
        [
            Of(scheme.Light1Color), Of(scheme.Dark1Color), Of(scheme.Light2Color), Of(scheme.Dark2Color),
            Of(scheme.Accent1Color), Of(scheme.Accent2Color), Of(scheme.Accent3Color), Of(scheme.Accent4Color),
            Of(scheme.Accent5Color), Of(scheme.Accent6Color), Of(scheme.Hyperlink), Of(scheme.FollowedHyperlinkColor),
        ];
    }
}
