using CommunitySafety.Web.Features.Reminders;
using Hangfire;
using Microsoft.Extensions.Options;

namespace CommunitySafety.Web.Jobs;

/// <summary>The daily scan as a Hangfire job: it writes the day's reminders to the ledger, then sends them.</summary>
public sealed class ReminderJobs(ReminderScanner scanner, ReminderSweep sweep)
{
    public const string ScanJobId = "reminder-scan";

    [JobDisplayName("Find reminders and overdue actions, and send them")]
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task ScanAsync(CancellationToken ct)
    {
        await scanner.ScanAsync(ct);
        await sweep.RunAsync(ct);
    }
}

/// <summary>
/// The sweep on every instance that runs background work: at start (so a restart picks up at once what a dead
/// process held), then every <see cref="ReminderDeliveryOptions.SweepSeconds"/> or when nudged. It is a plain hosted
/// service, not a Hangfire job, so nothing it does depends on the job store surviving a restart.
/// </summary>
internal sealed class ReminderSweepService(
    IServiceScopeFactory scopes, ReminderSweepSignal signal, IOptions<ReminderDeliveryOptions> options, TimeProvider time, ILogger<ReminderSweepService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ReminderSweep>().RunAsync(stoppingToken);
                await signal.WaitAsync(options.Value.SweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogError(ex, "The reminder sweep failed; it runs again in {Interval}.", options.Value.SweepInterval);
                await Task.Delay(options.Value.SweepInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
