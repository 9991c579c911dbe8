using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CommunitySafety.Benchmarks;

/// <summary>
/// The browser side of the benchmark, run as a child process (<c>CommunitySafety.Benchmarks browser-driver</c>) so that
/// Playwright's own objects never count in the server's heap. It reads one JSON command a line from standard input
/// and answers each with one JSON line on standard output.
/// </summary>
public static class BrowserDriver
{
    /// <summary>Helpers every page gets before its own scripts: wait until a condition holds, watching the DOM.</summary>
    private const string InitScript = """
        window.__bench = {
          until(predicate, timeoutMs) {
            return new Promise((resolve, reject) => {
              const started = performance.now();
              let observer, timer;
              const done = () => { observer?.disconnect(); clearInterval(timer); };
              const check = () => {
                let ok = false;
                try { ok = predicate(); } catch { ok = false; }
                if (ok) { done(); resolve(performance.now()); return true; }
                if (performance.now() - started > timeoutMs) { done(); reject(new Error('timed out waiting for ' + predicate)); return true; }
                return false;
              };
              if (check()) return;
              observer = new MutationObserver(check);
              observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
              timer = setInterval(check, 50);
            });
          }
        };
        // When the last page fetched without a reload was parsed (enhanced navigation parses it with DOMParser), so
        // the browser's share of a filter change can be split into parsing and merging.
        const parse = DOMParser.prototype.parseFromString;
        DOMParser.prototype.parseFromString = function (...args) {
          const started = performance.now();
          try { return parse.apply(this, args); } finally { __bench.parsed = [started, performance.now()]; }
        };
        """;

    private static readonly ConcurrentDictionary<int, Tab> Tabs = new();
    private static readonly ConcurrentDictionary<int, ProtocolDashboard> Dashboards = new();
    private static readonly ConcurrentDictionary<int, Task<long>> Watches = new();
    private static readonly Dictionary<string, string> StorageStates = [];
    private static IPlaywright? playwright;
    private static IBrowser? browser;
    private static string baseUrl = "";
    private static int nextId;

    private sealed class Tab(IPage page, IBrowserContext context)
    {
        public IPage Page { get; } = page;
        public IBrowserContext Context { get; } = context;
        public long WebSocketBytes;
        public long DocumentBytes;
    }

    public static async Task<int> RunAsync()
    {
        string? line;
        while ((line = await Console.In.ReadLineAsync()) is not null)
        {
            var command = JsonNode.Parse(line)!.AsObject();
            var id = command["id"]!.GetValue<int>();
            JsonObject answer;
            try
            {
                var result = await HandleAsync(command);
                answer = new JsonObject { ["id"] = id, ["ok"] = true, ["result"] = result };
            }
            catch (Exception ex)
            {
                answer = new JsonObject { ["id"] = id, ["ok"] = false, ["error"] = ex.ToString() };
            }

            await Console.Out.WriteLineAsync(answer.ToJsonString());
            await Console.Out.FlushAsync();
            if (command["op"]!.GetValue<string>() == "quit") break;
        }

        return 0;
    }

    private static async Task<JsonNode?> HandleAsync(JsonObject command)
    {
        switch (command["op"]!.GetValue<string>())
        {
            case "launch":
                baseUrl = command["baseUrl"]!.GetValue<string>();
                playwright = await Playwright.CreateAsync();
                browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = command["chromium"]!.GetValue<string>(),
                    Headless = true,
                    Args =
                    [
                        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--disable-quic",
                        // A hundred tabs share a few renderer processes, as on a hundred people's machines they would not: the
                        // limit keeps the benchmark within the memory of a shared machine. No tab is put in the background.
                        "--renderer-process-limit=8", "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                        "--disable-backgrounding-occluded-windows",
                    ],
                });
                return null;

            case "open":
                return await OpenAsync(command["email"]!.GetValue<string>(), command["password"]!.GetValue<string>(), command["url"]!.GetValue<string>(),
                    command["count"]!.GetValue<int>(), command["ready"]!.GetValue<string>(), command["perContext"]?.GetValue<int>() ?? 10);

            case "eval":
            {
                var ids = Ids(command);
                var script = command["script"]!.GetValue<string>();
                var args = command["args"]?.AsArray();
                var results = await Task.WhenAll(ids.Select(async (tabId, i) =>
                {
                    var arg = args is null ? null : Plain(args[Math.Min(i, args.Count - 1)]);
                    return await Tabs[tabId].Page.EvaluateAsync<JsonElement>(script, arg);
                }));
                return new JsonArray(results.Select(r => JsonNode.Parse(r.GetRawText())).ToArray());
            }

            case "goto":
            {
                var ids = Ids(command);
                var url = command["url"]!.GetValue<string>();
                var ready = command["ready"]!.GetValue<string>();
                var times = new List<double>();
                foreach (var chunk in ids.Chunk(4))
                {
                    times.AddRange(await Task.WhenAll(chunk.Select(tabId => GotoAsync(Tabs[tabId], url, ready))));
                }

                return new JsonArray(times.Select(t => (JsonNode)t).ToArray());
            }

            case "dashboardsOpen":
                return await OpenDashboardsAsync(command["email"]!.GetValue<string>(), command["password"]!.GetValue<string>(), command["url"]!.GetValue<string>(), command["count"]!.GetValue<int>());

            case "dashboardsWatch":
            {
                var text = command["text"]!.GetValue<string>();
                foreach (var dashboardId in DashboardIds(command)) Watches[dashboardId] = Dashboards[dashboardId].WatchAsync(text);
                return null;
            }

            case "dashboardsSeen":
            {
                var timeout = TimeSpan.FromMilliseconds(command["timeout"]!.GetValue<int>());
                var seen = await Task.WhenAll(DashboardIds(command).Select(async dashboardId =>
                {
                    try
                    {
                        return (double)await Watches[dashboardId].WaitAsync(timeout);
                    }
                    catch (Exception ex) when (ex is TimeoutException or HttpRequestException or InvalidOperationException)
                    {
                        return -1;
                    }
                }));
                return new JsonArray(seen.Select(s => (JsonNode)s).ToArray());
            }

            case "dashboardsNavigate":
            {
                // The dashboards fetch their new pages while, at the same moment, the browser's page runs its script.
                var urls = command["urls"]!.AsArray().Select(u => u!.GetValue<string>()).ToArray();
                var fetched = Task.WhenAll(DashboardIds(command).Zip(urls).Select(async pair =>
                {
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    var html = await Dashboards[pair.First].NavigateAsync(pair.Second);
                    return new JsonObject { ["ms"] = watch.Elapsed.TotalMilliseconds, ["total"] = ProtocolDashboard.Total(html) };
                }));
                var browserResult = command["page"] is { } page
                    ? Tabs[page.GetValue<int>()].Page.EvaluateAsync<JsonElement>(command["script"]!.GetValue<string>(), Plain(command["arg"]))
                    : Task.FromResult(default(JsonElement));
                var results = await fetched;
                var browserValue = await browserResult;
                return new JsonObject
                {
                    ["dashboards"] = new JsonArray(results.Select(r => (JsonNode)r).ToArray()),
                    ["browser"] = browserValue.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(browserValue.GetRawText()),
                };
            }

            case "dashboardsClose":
                foreach (var dashboardId in DashboardIds(command))
                {
                    if (Dashboards.TryRemove(dashboardId, out var dashboard)) await dashboard.DisposeAsync();
                }

                return null;

            case "stats":
                return new JsonArray(Ids(command).Select(tabId => (JsonNode)new JsonObject
                {
                    ["webSocketBytes"] = Tabs[tabId].WebSocketBytes, ["documentBytes"] = Tabs[tabId].DocumentBytes,
                }).ToArray());

            case "postUpdate":
            {
                var tab = Tabs[command["page"]!.GetValue<int>()];
                var text = command["text"]!.GetValue<string>();
                var page = tab.Page;
                await page.GetByRole(AriaRole.Button, new() { Name = "Post an update" }).ClickAsync();
                await page.GetByLabel("Commentary").FillAsync(text);
                // The clock starts at the click itself, as the person makes it: Playwright's own checks before it clicks
                // (the dialog settling, the button in view) are the harness's time, not the app's.
                await page.EvaluateAsync("""
                    () => document.addEventListener('click', e => {
                      if (e.target.closest('button')?.textContent.includes('Save update')) window.__clickedAt = Date.now();
                    }, { capture: true, once: true })
                    """);
                await page.GetByRole(AriaRole.Button, new() { Name = "Save update" }).ClickAsync();
                var times = await page.EvaluateAsync<double[]>(
                    "async (text) => { await __bench.until(() => !document.querySelector('.mud-dialog') && document.body.innerText.includes(text), 120000); return [window.__clickedAt, Date.now()]; }", text);
                return new JsonObject { ["clickedAt"] = times[0], ["shownAt"] = times[1] };
            }

            case "close":
                foreach (var tabId in Ids(command))
                {
                    if (Tabs.TryRemove(tabId, out var tab))
                    {
                        await tab.Page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
                        if (tab.Context.Pages.Count == 0) await tab.Context.CloseAsync();
                    }
                }

                return null;

            case "quit":
                foreach (var dashboard in Dashboards.Values) await dashboard.DisposeAsync();
                foreach (var tab in Tabs.Values) await tab.Context.CloseAsync();
                if (browser is not null) await browser.DisposeAsync();
                playwright?.Dispose();
                return null;

            default:
                throw new InvalidOperationException("Unknown command " + command["op"]);
        }
    }

    /// <summary>Playwright serialises plain values, lists and dictionaries, not JSON nodes.</summary>
    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => array.Select(Plain).ToList(),
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonValue value when value.TryGetValue<bool>(out var b) => b,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.GetValue<double>(),
    };

    private static int[] Ids(JsonObject command) =>
        command["pages"] is JsonArray pages ? pages.Select(p => p!.GetValue<int>()).ToArray() : Tabs.Keys.Order().ToArray();

    private static int[] DashboardIds(JsonObject command) => command["dashboards"]!.AsArray().Select(p => p!.GetValue<int>()).ToArray();

    /// <summary>Dashboards held through the circuit protocol, signed in with the browser's cookies for the person; a few at a time.</summary>
    private static async Task<JsonNode> OpenDashboardsAsync(string email, string password, string url, int count)
    {
        var cookies = new System.Net.CookieContainer();
        foreach (var cookie in JsonNode.Parse(await StorageStateAsync(email, password))!["cookies"]!.AsArray())
        {
            cookies.Add(new Uri(baseUrl), new System.Net.Cookie(cookie!["name"]!.GetValue<string>(), cookie["value"]!.GetValue<string>(), cookie["path"]!.GetValue<string>()));
        }

        var opened = new List<int>();
        while (opened.Count < count)
        {
            var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(4, count - opened.Count)).Select(_ => ProtocolDashboard.OpenAsync(baseUrl, cookies, url)));
            foreach (var dashboard in batch)
            {
                var id = Interlocked.Increment(ref nextId);
                Dashboards[id] = dashboard;
                opened.Add(id);
            }
        }

        return new JsonArray(opened.Select(o => (JsonNode)o).ToArray());
    }

    private static async Task<JsonNode> OpenAsync(string email, string password, string url, int count, string ready, int perContext)
    {
        var state = await StorageStateAsync(email, password);
        var opened = new List<(int Id, double Ms)>();
        IBrowserContext? context = null;
        var tabs = new List<Tab>();
        for (var i = 0; i < count; i++)
        {
            if (context is null || context.Pages.Count >= perContext)
            {
                context = await NewContextAsync(state);
            }

            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(180_000);
            var tab = new Tab(page, context);
            page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
                Interlocked.Add(ref tab.WebSocketBytes, frame.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(frame.Text ?? ""));
            tabs.Add(tab);
        }

        // A few at a time, as people arrive at a meeting: a hundred pages at once would only measure the queue.
        foreach (var chunk in tabs.Chunk(4))
        {
            var times = await Task.WhenAll(chunk.Select(tab => GotoAsync(tab, url, ready)));
            foreach (var (tab, ms) in chunk.Zip(times))
            {
                var id = Interlocked.Increment(ref nextId);
                Tabs[id] = tab;
                opened.Add((id, ms));
            }
        }

        return new JsonObject
        {
            ["pages"] = new JsonArray(opened.Select(o => (JsonNode)o.Id).ToArray()),
            ["ms"] = new JsonArray(opened.Select(o => (JsonNode)o.Ms).ToArray()),
        };
    }

    private static async Task<double> GotoAsync(Tab tab, string url, string ready)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var response = await tab.Page.GotoAsync(url);
        if (response is not null) tab.DocumentBytes = (await response.BodyAsync()).Length;
        await tab.Page.WaitForFunctionAsync(ready, null, new PageWaitForFunctionOptions { PollingInterval = 50, Timeout = 300_000 });
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<IBrowserContext> NewContextAsync(string storageState)
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl, Locale = "en-GB", ViewportSize = new() { Width = 1366, Height = 768 }, StorageState = storageState,
        });
        await context.AddInitScriptAsync(InitScript);
        return context;
    }

    private static async Task<string> StorageStateAsync(string email, string password)
    {
        if (StorageStates.TryGetValue(email, out var known)) return known;
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(180_000);
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
        var state = await context.StorageStateAsync();
        await context.CloseAsync();
        return StorageStates[email] = state;
    }
}
