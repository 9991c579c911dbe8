using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommunitySafety.Benchmarks;

/// <summary>The server's side of the browser driver: starts the child process and sends it commands.</summary>
public sealed class Browsers : IAsyncDisposable
{
    private readonly Process process;
    private readonly SemaphoreSlim gate = new(1, 1);
    private int nextId;

    private Browsers(Process process) => this.process = process;

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<Browsers> StartAsync(string baseUrl)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"No Chromium at {ChromiumPath}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.");
        }

        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false,
        };
        // Run as `dotnet CommunitySafety.Benchmarks.dll` or as the apphost, whichever started this process.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(Browsers).Assembly.Location);
        start.ArgumentList.Add("browser-driver");
        var process = Process.Start(start) ?? throw new InvalidOperationException("The browser driver did not start.");
        var browsers = new Browsers(process);
        await browsers.SendAsync(new JsonObject { ["op"] = "launch", ["baseUrl"] = baseUrl, ["chromium"] = ChromiumPath });
        return browsers;
    }

    public async Task<JsonNode?> SendAsync(JsonObject command)
    {
        await gate.WaitAsync();
        try
        {
            command["id"] = ++nextId;
            await process.StandardInput.WriteLineAsync(command.ToJsonString());
            await process.StandardInput.FlushAsync();
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The browser driver stopped.");
                if (!line.StartsWith('{')) continue;
                var answer = JsonNode.Parse(line)!.AsObject();
                if (answer["id"]!.GetValue<int>() != nextId) continue;
                if (!answer["ok"]!.GetValue<bool>()) throw new InvalidOperationException("Browser driver: " + answer["error"]);
                return answer["result"];
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Opens pages signed in as one user; returns their ids and the time each took until <paramref name="ready"/> held.</summary>
    public async Task<(int[] Pages, double[] Ms)> OpenAsync(string email, string password, string url, int count, string ready)
    {
        var result = (await SendAsync(new JsonObject
        {
            ["op"] = "open", ["email"] = email, ["password"] = password, ["url"] = url, ["count"] = count, ["ready"] = ready,
        }))!;
        return (result["pages"]!.AsArray().Select(p => p!.GetValue<int>()).ToArray(), result["ms"]!.AsArray().Select(p => p!.GetValue<double>()).ToArray());
    }

    /// <summary>Runs a script in each page at once, with the same argument.</summary>
    public Task<JsonElement[]> EvalAsync(IEnumerable<int> pages, string script, object? arg = null) => EvalEachAsync(pages, script, [arg]);

    /// <summary>Runs a script in each page at once, each with the argument at its position (or the last one).</summary>
    public async Task<JsonElement[]> EvalEachAsync(IEnumerable<int> pages, string script, IReadOnlyList<object?> args)
    {
        var result = await SendAsync(new JsonObject
        {
            ["op"] = "eval", ["pages"] = new JsonArray(pages.Select(p => (JsonNode)p).ToArray()), ["script"] = script,
            ["args"] = JsonSerializer.SerializeToNode(args),
        });
        return result!.AsArray().Select(r => JsonSerializer.Deserialize<JsonElement>(r?.ToJsonString() ?? "null")).ToArray();
    }

    public async Task<double[]> GotoAsync(IEnumerable<int> pages, string url, string ready)
    {
        var result = await SendAsync(new JsonObject
        {
            ["op"] = "goto", ["pages"] = new JsonArray(pages.Select(p => (JsonNode)p).ToArray()), ["url"] = url, ["ready"] = ready,
        });
        return result!.AsArray().Select(r => r!.GetValue<double>()).ToArray();
    }

    public async Task<(long WebSocketBytes, long DocumentBytes)> StatsAsync(int page)
    {
        var result = (await SendAsync(new JsonObject { ["op"] = "stats", ["pages"] = new JsonArray(page) }))!.AsArray()[0]!;
        return (result["webSocketBytes"]!.GetValue<long>(), result["documentBytes"]!.GetValue<long>());
    }

    /// <summary>Posts a status update through the action page's dialog; returns when the person clicked Save and when they saw it saved (Unix ms).</summary>
    public async Task<(double ClickedAt, double ShownAt)> PostUpdateAsync(int page, string text)
    {
        var result = (await SendAsync(new JsonObject { ["op"] = "postUpdate", ["page"] = page, ["text"] = text }))!;
        return (result["clickedAt"]!.GetValue<double>(), result["shownAt"]!.GetValue<double>());
    }

    /// <summary>Opens dashboards held through the circuit protocol (<see cref="ProtocolDashboard"/>) in the driver's process, signed in as one user.</summary>
    public async Task<int[]> OpenDashboardsAsync(string email, string password, string url, int count) =>
        (await SendAsync(new JsonObject { ["op"] = "dashboardsOpen", ["email"] = email, ["password"] = password, ["url"] = url, ["count"] = count }))!
            .AsArray().Select(d => d!.GetValue<int>()).ToArray();

    /// <summary>Each dashboard notes when a page it fetches first contains <paramref name="text"/>.</summary>
    public Task WatchDashboardsAsync(IEnumerable<int> dashboards, string text) =>
        SendAsync(new JsonObject { ["op"] = "dashboardsWatch", ["dashboards"] = Ids(dashboards), ["text"] = text });

    /// <summary>When (Unix ms) each dashboard had the watched text; -1 for one that did not within the timeout.</summary>
    public async Task<double[]> DashboardsSeenAsync(IEnumerable<int> dashboards, int timeoutMs) =>
        (await SendAsync(new JsonObject { ["op"] = "dashboardsSeen", ["dashboards"] = Ids(dashboards), ["timeout"] = timeoutMs }))!
            .AsArray().Select(s => s!.GetValue<double>()).ToArray();

    /// <summary>
    /// Each dashboard fetches its own address as the filter form does, while the browser's page runs
    /// <paramref name="script"/> at the same moment; returns each dashboard's time and the total its page shows, and the script's value.
    /// </summary>
    public async Task<(List<(double Ms, int? Total)> Dashboards, JsonElement Browser)> NavigateDashboardsAsync(
        IReadOnlyList<int> dashboards, IReadOnlyList<string> urls, int page, string script, object? arg)
    {
        var result = (await SendAsync(new JsonObject
        {
            ["op"] = "dashboardsNavigate", ["dashboards"] = Ids(dashboards), ["urls"] = new JsonArray(urls.Select(u => (JsonNode)u).ToArray()),
            ["page"] = page, ["script"] = script, ["arg"] = JsonSerializer.SerializeToNode(arg),
        }))!;
        var fetched = result["dashboards"]!.AsArray().Select(d => (d!["ms"]!.GetValue<double>(), d["total"]?.GetValue<int>())).ToList();
        return (fetched, JsonSerializer.Deserialize<JsonElement>(result["browser"]?.ToJsonString() ?? "null"));
    }

    public Task CloseDashboardsAsync(IEnumerable<int> dashboards) => SendAsync(new JsonObject { ["op"] = "dashboardsClose", ["dashboards"] = Ids(dashboards) });

    private static JsonArray Ids(IEnumerable<int> ids) => new(ids.Select(i => (JsonNode)i).ToArray());

    public Task CloseAsync(IEnumerable<int> pages) =>
        SendAsync(new JsonObject { ["op"] = "close", ["pages"] = new JsonArray(pages.Select(p => (JsonNode)p).ToArray()) });

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync(new JsonObject { ["op"] = "quit" }).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // The driver is gone already; it is killed below either way.
        }

        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
