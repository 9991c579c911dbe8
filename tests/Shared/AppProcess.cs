using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace CommunitySafety.Tests;

/// <summary>
/// The built app (CommunitySafety.Web.dll beside the tests) run as a child process of the test on the real clock,
/// configured through environment variables, so a test can kill it as the operating system would (SIGKILL, the
/// same as <c>kill -9</c>), start it again on the same database, or run several behind nginx.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();
    private readonly string home;

    private AppProcess(Process process, int port, string home)
    {
        this.process = process;
        this.home = home;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts the app with these settings (configuration keys, e.g. <c>Database:Path</c>) on a loopback port, a free
    /// one unless given. Each process has a home folder of its own, so nothing it keeps there (ASP.NET's default
    /// Data Protection key folder, say) is shared with another instance by accident.
    /// </summary>
    public static AppProcess Start(IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "CommunitySafety.Web.dll");
        if (!File.Exists(app)) throw new InvalidOperationException($"The built app is not at {app}.");
        var chosen = port ?? LoopbackPort.Free();
        var info = new ProcessStartInfo("dotnet", [app, "--urls", $"http://127.0.0.1:{chosen.ToString(CultureInfo.InvariantCulture)}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var home = Directory.CreateTempSubdirectory("cs-app-home-").FullName;
        info.Environment["HOME"] = home;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return new AppProcess(Process.Start(info) ?? throw new InvalidOperationException("Could not start the app."), chosen, home);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>What the app printed, for a failure message.</summary>
    public string Log
    {
        get
        {
            lock (log) return log.ToString();
        }
    }

    /// <summary>Waits until /health says Healthy; fails with the app's output if it exits or takes too long.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan? limit = null)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (HasExited) throw new InvalidOperationException($"The app on port {Port} exited ({process.ExitCode}) before it was healthy:\n{Log}");
            try
            {
                if ((await client.GetAsync($"{BaseUrl}/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            if (clock.Elapsed > (limit ?? TimeSpan.FromMinutes(5))) throw new TimeoutException($"The app on port {Port} was not healthy within {clock.Elapsed.TotalSeconds:N0} s:\n{Log}");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until every one is healthy; a failure shows what each of them said, as one may wait for another.</summary>
    public static async Task WaitUntilAllHealthyAsync(TimeSpan? limit, params AppProcess[] apps)
    {
        try
        {
            await Task.WhenAll(apps.Select(a => a.WaitUntilHealthyAsync(limit)));
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            throw new TimeoutException(ex.Message.Split('\n')[0] + "\n" + string.Join("\n", apps.Select(a => $"--- the app on port {a.Port} said:\n{a.Log}")), ex);
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
        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (IOException)
        {
        }
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
