using System.Globalization;

namespace CommunitySafety.Web.Features.Samples;

/// <summary>Sample files that were not loaded, with every problem found in them; the message is what the command prints.</summary>
public sealed class InvalidSampleFilesException : Exception
{
    public InvalidSampleFilesException(string folder, int files, IReadOnlyList<SampleProblem> problems)
        : this(Describe(folder, files, problems), problems)
    {
    }

    public InvalidSampleFilesException(string summary, IReadOnlyList<SampleProblem> problems, Exception? inner = null)
        : base(summary + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)), inner)
    {
        Summary = summary;
        Problems = problems;
    }

    public string Summary { get; }

    public IReadOnlyList<SampleProblem> Problems { get; }

    private static string Describe(string folder, int files, IReadOnlyList<SampleProblem> problems)
    {
        var bad = problems.Select(p => p.File).Distinct(StringComparer.Ordinal).Count();
        return $"Nothing was loaded: {Count(problems.Count, "problem")} in {bad.ToString(CultureInfo.InvariantCulture)} of {Count(files, "sample file")} in {folder}. " +
               "Every file is checked before any is written, so the good files were not loaded either. Fix these and run again:";
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");
}
