namespace CommunitySafety.Tests;

/// <summary>
/// Figures a test measures (emails sent and duplicated, interactions, seconds). Each goes to the test's own output
/// and to one file for the whole run, which ./test.sh prints before its closing line, so they are read on every run
/// and not only when a test fails.
/// </summary>
public static class Figures
{
    public static string FilePath =>
        Environment.GetEnvironmentVariable("CS_FIGURES_FILE") is { Length: > 0 } path
            ? path
            : Path.Combine(Path.GetTempPath(), "communitysafety-tests", "figures.txt");

    private static readonly Lock Gate = new();

    public static void Print(Xunit.Abstractions.ITestOutputHelper output, string line)
    {
        line = $"{line} [{TestDatabase.RunProvider}]";
        output.WriteLine("[figures] " + line);
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            File.AppendAllText(FilePath, line + Environment.NewLine);
        }
    }
}
