using System.Diagnostics;
using System.Text;

namespace CommunitySafety.Tests;

/// <summary>
/// The built app (CommunitySafety.Web.dll beside the tests) run as a child process of the test on the real clock,
/// configured through environment variables, so a test can kill it as the operating system would (SIGKILL, the
/// same as <c>kill -9</c>) and start it again on the same database.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    private AppProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts the app with these settings (configuration keys, e.g. <c>Database:Path</c>) on a free loopback port.</summary>
    public static AppProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "CommunitySafety.Web.dll");
        if (!File.Exists(app)) throw new InvalidOperationException($"The built app is not at {app}.");
        var info = new ProcessStartInfo("dotnet", [app, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return new AppProcess(Process.Start(info) ?? throw new InvalidOperationException("Could not start the app."));
    }

    public bool HasExited => process.HasExited;

    /// <summary>What the app printed, for a failure message.</summary>
    public string Log
    {
        get
        {
            lock (log) return log.ToString();
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no finally blocks, as when a machine loses power or the OOM killer strikes.</summary>
    public void Kill()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (log)
        {
            // Enough to see why it failed, not the whole of a long run.
            if (log.Length > 200_000) log.Remove(0, 100_000);
            log.AppendLine(line);
        }
    }
}
