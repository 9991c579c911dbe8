using System.Globalization;

namespace CommunitySafety.Benchmarks;

/// <summary>One figure of the issue: its runs, the target it is held to, and the machine's load when it was taken.</summary>
public sealed record Figure(string Section, string What, string Unit, string Target, IReadOnlyList<double> Runs, double Load, string? Note = null)
{
    public double Min => Runs.Count == 0 ? double.NaN : Runs.Min();

    public double Median
    {
        get
        {
            if (Runs.Count == 0) return double.NaN;
            var sorted = Runs.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    public double Max => Runs.Count == 0 ? double.NaN : Runs.Max();
}

/// <summary>Collects the figures and prints them as one Markdown table, with the load average beside each.</summary>
public sealed class Figures
{
    private readonly List<Figure> figures = [];
    private readonly List<string> notes = [];

    public string Section { get; set; } = "";

    /// <summary>A section failed: the figures printed are those taken before.</summary>
    public bool Failed { get; set; }

    public void Add(string what, string unit, string target, IEnumerable<double> runs, string? note = null)
    {
        var figure = new Figure(Section, what, unit, target, runs.ToList(), LoadAverage.OneMinute, note);
        figures.Add(figure);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what}: median {Format(figure.Median, unit)}, min {Format(figure.Min, unit)}, max {Format(figure.Max, unit)} {unit} ({figure.Runs.Count} runs; load {figure.Load:0.0}){(note is null ? "" : " — " + note)}"));
    }

    public void Note(string text)
    {
        notes.Add(text);
        Console.WriteLine("  " + text);
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| Section | What | Target | Runs | Min | Median | Max | Unit | Load (1 min) |");
        output.WriteLine("|---|---|---|---:|---:|---:|---:|---|---:|");
        foreach (var f in figures)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {f.Section} | {f.What}{(f.Note is null ? "" : $" ({f.Note})")} | {f.Target} | {f.Runs.Count} | {Format(f.Min, f.Unit)} | {Format(f.Median, f.Unit)} | {Format(f.Max, f.Unit)} | {f.Unit} | {f.Load:0.0} |"));
        }

        if (notes.Count > 0)
        {
            output.WriteLine();
            foreach (var note in notes) output.WriteLine("- " + note);
        }
    }

    public static string Format(double value, string unit) => double.IsNaN(value)
        ? "—"
        : unit is "ms" && value < 10 ? value.ToString("0.0", CultureInfo.InvariantCulture)
        : value.ToString(Math.Abs(value) >= 100 ? "#,0" : "0.0", CultureInfo.InvariantCulture);

    /// <summary>The value below which <paramref name="share"/> of the values fall (nearest rank).</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double share)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(share * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>The machine's load average (Linux), printed with every figure: this machine is shared.</summary>
public static class LoadAverage
{
    public static double OneMinute => Read()[0];

    public static string Describe()
    {
        var load = Read();
        return string.Create(CultureInfo.InvariantCulture, $"load average {load[0]:0.00} {load[1]:0.00} {load[2]:0.00} on {Environment.ProcessorCount} cores");
    }

    private static double[] Read()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (IOException)
        {
            return [double.NaN, double.NaN, double.NaN];
        }
    }
}
