using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CommunitySafety.Benchmarks;

/// <summary>
/// A board member's open dashboard on a device of their own, without a browser: the page fetched as a browser fetches
/// it, and its live part started through the Blazor circuit protocol as blazor.web.js starts it (StartCircuit, then
/// UpdateRootComponents with the page's marker, every render acknowledged). When the server asks the browser to
/// refresh, it fetches the page again as the enhanced refresh does (Accept: text/html; blazor-enhanced-nav=on).
/// So a hundred of them load the server as a hundred people's browsers would, and leave this machine's two cores to
/// the server: what is measured is what the server gives every open dashboard, not a hundred Chromium pages' layout.
/// </summary>
public sealed partial class ProtocolDashboard : IAsyncDisposable
{
    private const string EnhancedAccept = "text/html; blazor-enhanced-nav=on";
    private readonly HttpClient http;
    private readonly string baseUrl;
    private readonly HubConnection hub;
    private readonly TaskCompletionSource rendered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private string path;
    private int updates;
    private (string Text, TaskCompletionSource<long> Seen)? watch;

    private ProtocolDashboard(HttpClient http, string baseUrl, string path, CookieContainer cookies)
    {
        this.http = http;
        this.baseUrl = baseUrl;
        this.path = path;
        var builder = new HubConnectionBuilder().WithUrl(baseUrl + "/_blazor", o =>
        {
            o.Cookies = cookies;
            o.Transports = HttpTransportType.WebSockets;
        });
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        hub = builder.Build();
        hub.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], OnInvokeJsAsync, this);
        hub.On("JS.RenderBatch", [typeof(long), typeof(byte[])], OnRenderBatchAsync, this);
        hub.On("JS.Error", [typeof(string)], args => throw new InvalidOperationException("The circuit failed: " + args[0]));
    }

    public static async Task<ProtocolDashboard> OpenAsync(string baseUrl, CookieContainer cookies, string path)
    {
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        var dashboard = new ProtocolDashboard(http, baseUrl, path, cookies);
        var html = await dashboard.GetAsync(path, enhanced: false);
        var marker = Marker(html) ?? throw new InvalidOperationException($"{path} has no interactive part to connect: the page is not the dashboard (signed out?)");
        var state = StateComment().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
        await dashboard.hub.StartAsync();
        await dashboard.hub.InvokeAsync<string>("StartCircuit", baseUrl + "/", baseUrl + path, "[]", state);
        await dashboard.hub.SendAsync("UpdateRootComponents", Operations(1, "add", marker, 0), state);
        await dashboard.rendered.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return dashboard;
    }

    /// <summary>Fetches the page at <paramref name="newPath"/> as the filter form's enhanced navigation does; returns when the whole page has arrived.</summary>
    public async Task<string> NavigateAsync(string newPath)
    {
        path = newPath;
        return await GetAsync(newPath, enhanced: true);
    }

    /// <summary>Completes with the Unix time (ms) at which a fetched page first contained <paramref name="text"/>.</summary>
    public Task<long> WatchAsync(string text)
    {
        var seen = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate) watch = (text, seen);
        return seen.Task;
    }

    private async Task<string> GetAsync(string url, bool enhanced)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", enhanced ? EnhancedAccept : "text/html");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}");
        var html = await response.Content.ReadAsStringAsync();
        lock (gate)
        {
            if (watch is { } w && html.Contains(w.Text, StringComparison.Ordinal))
            {
                watch = null;
                w.Seen.TrySetResult(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            }
        }

        return html;
    }

    private static Task OnInvokeJsAsync(object?[] args, object state)
    {
        var self = (ProtocolDashboard)state;
        var handle = (long)args[0]!;
        var identifier = (string)args[1]!;
        if (identifier == "Blazor._internal.navigationManager.refresh") _ = self.RefreshAsync();
        // Every call the page makes of the browser succeeds with no value, as blazor.web.js answers a void call.
        return self.hub.SendAsync("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,null]");
    }

    private static async Task OnRenderBatchAsync(object?[] args, object state)
    {
        var self = (ProtocolDashboard)state;
        await self.hub.SendAsync("OnRenderCompleted", (long)args[0]!, null);
        self.rendered.TrySetResult();
    }

    /// <summary>As blazor.web.js refreshes: fetch the page again, then give the live part its new parameters.</summary>
    private async Task RefreshAsync()
    {
        try
        {
            var html = await GetAsync(path, enhanced: true);
            await hub.SendAsync("OnLocationChanged", baseUrl + path, null, false);
            if (Marker(html) is { } marker) await hub.SendAsync("UpdateRootComponents", Operations(2 + Interlocked.Increment(ref updates), "update", marker, updates), "");
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
        {
            lock (gate) watch?.Seen.TrySetException(ex);
        }
    }

    /// <summary>The total the page's RAG table gives for all priorities; null when the page has none.</summary>
    public static int? Total(string html) =>
        TotalCell().Match(html) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static JsonObject? Marker(string html) =>
        MarkerComment().Match(html) is { Success: true } m ? JsonNode.Parse(m.Groups[1].Value)!.AsObject() : null;

    private static string Operations(long batchId, string type, JsonObject marker, int uniqueId)
    {
        var copy = marker.DeepClone().AsObject();
        copy["uniqueId"] = uniqueId;
        return new JsonObject
        {
            ["batchId"] = batchId,
            ["operations"] = new JsonArray(new JsonObject { ["type"] = type, ["ssrComponentId"] = 1, ["marker"] = copy }),
        }.ToJsonString();
    }

    [GeneratedRegex("<!--Blazor:(\\{\"type\":\"server\".*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex MarkerComment();

    [GeneratedRegex("<tr[^>]*data-priority=\"all\"[^>]*>.*?<td data-total[^>]*>([0-9]+)</td>", RegexOptions.Singleline)]
    private static partial Regex TotalCell();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex StateComment();

    public async ValueTask DisposeAsync()
    {
        await hub.DisposeAsync();
        http.Dispose();
    }

    /// <summary>Blazor's hub speaks SignalR's MessagePack protocol under the name "blazorpack".</summary>
    private sealed class BlazorPackProtocol : IHubProtocol
    {
        private readonly MessagePackHubProtocol inner = new(Options.Create(new MessagePackHubProtocolOptions()));

        public string Name => "blazorpack";

        public int Version => 1;

        public TransferFormat TransferFormat => TransferFormat.Binary;

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
            inner.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

        public bool IsVersionSupported(int version) => version == 1;
    }
}
