using CommunitySafety.Web.Features.Reminders;
using Hangfire;

namespace CommunitySafety.Web.Jobs;

/// <summary>The Hangfire jobs: the daily scan, and one digest send per person, retried with growing delays.</summary>
public sealed class ReminderJobs(ReminderScanner scanner, ReminderDigestSender sender, IReminderDispatch dispatch)
{
    public const string ScanJobId = "reminder-scan";

    [JobDisplayName("Find reminders and overdue actions")]
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task ScanAsync(CancellationToken ct)
    {
        foreach (var person in await scanner.ScanAsync(ct))
        {
            dispatch.EnqueueDigest(person);
        }
    }

    /// <summary>Four retries after the first try: <see cref="ReminderDigestSender.MaxAttempts"/> in all, then the ledger says failed.</summary>
    [JobDisplayName("Send reminder digest to person {0}")]
    [AutomaticRetry(Attempts = ReminderDigestSender.MaxAttempts - 1, DelaysInSeconds = [60, 300, 1800, 7200], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task SendDigestAsync(int personId, CancellationToken ct) => sender.SendAsync(personId, ct);
}

internal sealed class HangfireReminderDispatch(IBackgroundJobClient jobs) : IReminderDispatch
{
    public void EnqueueDigest(int personId) => jobs.Enqueue<ReminderJobs>(j => j.SendDigestAsync(personId, CancellationToken.None));
}
