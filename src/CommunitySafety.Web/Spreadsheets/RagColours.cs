using CommunitySafety.Domain;

namespace CommunitySafety.Web.Spreadsheets;

/// <summary>
/// RAG as a cell fill: the colours the export writes, and how a council's own fill colour is read back. Councils use
/// every shade of red, orange, yellow and green (Excel's "Bad/Neutral/Good" styles, theme colours with tints, the old
/// 56-colour palette), so a colour is read by its hue, not matched exactly.
/// </summary>
public static class RagColours
{
    /// <summary>The fill the export gives each rating (ARGB). Black text on each meets WCAG contrast.</summary>
    public static string Fill(RagRating rating) => rating switch
    {
        RagRating.Red => "FFFF0000",
        RagRating.Amber => "FFFFC000",
        RagRating.Green => "FF00B050",
        RagRating.Complete => "FF5B9BD5",
        _ => "FFD9D9D9",
    };

    /// <summary>The rating a fill colour (RRGGBB or AARRGGBB) stands for, or null for white, black or a colour that is no rating.</summary>
    public static RagRating? Read(string? argb)
    {
        if (argb is null) return null;
        var hex = argb.Length == 8 ? argb[2..] : argb;
        if (hex.Length != 6 || !int.TryParse(hex, System.Globalization.NumberStyles.HexNumber, null, out var rgb)) return null;
        var (hue, saturation, lightness) = Hsl((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
        if (lightness > 0.96 || lightness < 0.08) return null;
        if (saturation < 0.12) return lightness is > 0.55 and < 0.93 ? RagRating.NotStarted : null;
        return hue switch
        {
            < 18 or >= 335 => RagRating.Red,
            < 68 => RagRating.Amber,
            < 170 => RagRating.Green,
            < 255 => RagRating.Complete,
            _ => null,
        };
    }

    public static (double Hue, double Saturation, double Lightness) Hsl(int r, int g, int b)
    {
        double rf = r / 255.0, gf = g / 255.0, bf = b / 255.0;
        var max = Math.Max(rf, Math.Max(gf, bf));
        var min = Math.Min(rf, Math.Min(gf, bf));
        var lightness = (max + min) / 2;
        if (max == min) return (0, 0, lightness);
        var d = max - min;
        var saturation = lightness > 0.5 ? d / (2 - max - min) : d / (max + min);
        double hue;
        if (max == rf) hue = ((gf - bf) / d) + (gf < bf ? 6 : 0);
        else if (max == gf) hue = ((bf - rf) / d) + 2;
        else hue = ((rf - gf) / d) + 4;
        return (hue * 60, saturation, lightness);
    }

    /// <summary>Applies an Excel tint (-1 darker to 1 lighter) to an RRGGBB colour, as Excel does, in HSL lightness.</summary>
    public static string ApplyTint(string rrggbb, double tint)
    {
        if (tint == 0) return rrggbb;
        var rgb = int.Parse(rrggbb, System.Globalization.NumberStyles.HexNumber, null);
        var (h, s, l) = Hsl((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
        l = tint < 0 ? l * (1 + tint) : (l * (1 - tint)) + tint;
        var (r, g, b) = Rgb(h, s, l);
        return $"{r:X2}{g:X2}{b:X2}";
    }

    private static (int R, int G, int B) Rgb(double h, double s, double l)
    {
        if (s == 0)
        {
            var v = (int)Math.Round(l * 255);
            return (v, v, v);
        }

        var q = l < 0.5 ? l * (1 + s) : l + s - (l * s);
        var p = (2 * l) - q;
        double Channel(double t)
        {
            t = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
            return t < 1.0 / 6 ? p + ((q - p) * 6 * t) : t < 0.5 ? q : t < 2.0 / 3 ? p + ((q - p) * ((2.0 / 3) - t) * 6) : p;
        }

        var hue = h / 360;
        return ((int)Math.Round(Channel(hue + (1.0 / 3)) * 255), (int)Math.Round(Channel(hue) * 255), (int)Math.Round(Channel(hue - (1.0 / 3)) * 255));
    }
}
