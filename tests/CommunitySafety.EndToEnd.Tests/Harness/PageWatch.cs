using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>
/// What went wrong while a person used a page, as they would not see it: browser console errors and uncaught
/// script errors, requests for the app's own assets that failed or were refused, and errors the server logged.
/// </summary>
public sealed class PageWatch
{
    private readonly ConcurrentQueue<string> problems = new();
    private readonly ServerLog serverLog;
    private readonly string origin;
    private int serverMark;

    public PageWatch(IPage page, string origin, ServerLog serverLog)
    {
        this.origin = origin;
        this.serverLog = serverLog;
        serverMark = serverLog.Mark;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") problems.Enqueue($"console error on {page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => problems.Enqueue($"script error on {page.Url}: {error}");
        page.RequestFailed += (_, request) =>
        {
            // A navigation away while a page loads cancels its requests; that is the person's doing, not a fault.
            if (IsOwn(request.Url) && request.Failure is { } failure && !failure.Contains("ERR_ABORTED", StringComparison.Ordinal))
            {
                problems.Enqueue($"request failed: {request.Method} {request.Url}: {failure}");
            }
        };
        page.Response += (_, response) =>
        {
            if (!IsOwn(response.Url)) return;
            if (response.Status >= 400) problems.Enqueue($"{response.Status} for {response.Request.Method} {response.Url}");
            // An asset redirected (to the sign-in page, say) is an asset refused.
            else if (response.Status is >= 300 and < 400 and not 304 && response.Request.ResourceType is not ("document" or "fetch" or "xhr"))
            {
                problems.Enqueue($"{response.Status} for {response.Request.ResourceType} {response.Url} (to {response.Headers.GetValueOrDefault("location")})");
            }
        };
    }

    private bool IsOwn(string url) => url.StartsWith(origin, StringComparison.Ordinal);

    /// <summary>Everything seen since the last call (server errors included), then starts afresh.</summary>
    public IReadOnlyList<string> Take()
    {
        var seen = new List<string>();
        while (problems.TryDequeue(out var problem)) seen.Add(problem);
        var mark = serverMark;
        var server = serverLog.ProblemsSince(mark);
        if (server.Count > 0) serverMark = server[^1].Sequence;
        seen.AddRange(server.Select(e => $"server: {e}"));
        return seen;
    }

    /// <summary>Fails with everything seen since the last check.</summary>
    public void AssertClean(string what)
    {
        var seen = Take();
        Assert.True(seen.Count == 0, $"{what}: {seen.Count} problem(s){Environment.NewLine}{string.Join(Environment.NewLine, seen)}");
    }
}
