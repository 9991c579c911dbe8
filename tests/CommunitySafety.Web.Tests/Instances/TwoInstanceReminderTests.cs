using System.Diagnostics;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Jobs;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CommunitySafety.Web.Tests.Instances;

/// <summary>
/// The reminder scan started on two instances at the same moment, through the scan job as an administrator's
/// "Trigger now" on each instance's dashboard does: every reminder arrives at the real SMTP server once.
/// </summary>
[Trait("Provider", "PostgreSql")]
public sealed class TwoInstanceReminderTests(TwoInstances instances, ITestOutputHelper output) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task The_scan_triggered_on_both_instances_at_the_same_moment_sends_each_reminder_exactly_once()
    {
        var storage = Jobs(instances.Database);
        await ReminderLedger.WaitForAsync(() => Task.FromResult(storage.GetMonitoringApi().Servers().Count >= 2), "both instances' job servers to register",
            () => instances.A.Log + instances.B.Log);

        var scans = new RecurringJobManager(storage);
        await Task.WhenAll(Task.Run(() => scans.Trigger(ReminderJobs.ScanJobId)), Task.Run(() => scans.Trigger(ReminderJobs.ScanJobId)));
        await ReminderLedger.WaitUntilSettledAsync(instances.Database, storage, () => instances.A.Log + instances.B.Log);

        var ledger = await ReminderLedger.ReadAsync(instances.Database);
        var emails = instances.Smtp.Messages().GroupBy(m => m.To, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var sentTo = ledger.Where(n => n.Notice.Status == ReminderStatus.Sent).Select(n => n.Email!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var duplicated = emails.Values.Sum(c => c - 1);
        var lost = sentTo.Count(e => !emails.ContainsKey(e)) + ledger.Count(n => n.Notice.Status is ReminderStatus.Pending or ReminderStatus.Failed);
        output.WriteLine($"Reminders, scan triggered on two instances at once: {ledger.Count} notices for {sentTo.Count} people; " +
                         $"{emails.Values.Sum()} emails received, {duplicated} duplicated, {lost} lost");

        Assert.NotEmpty(sentTo);
        Assert.Equal(0, duplicated);
        Assert.Equal(0, lost);
        Assert.Equal(sentTo.Order(StringComparer.OrdinalIgnoreCase), emails.Keys.Order(StringComparer.OrdinalIgnoreCase));
    }

    internal static JobStorage Jobs(TestDatabase database)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = JobStorageSetup.PostgreSqlSchema, PrepareSchemaIfNecessary = false };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, options), options);
    }
}

/// <summary>The ledger as app processes left it, read by the test.</summary>
internal static class ReminderLedger
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static async Task<List<(ReminderNotice Notice, string? Email)>> ReadAsync(TestDatabase database)
    {
        await using var db = database.OpenContext();
        return (await db.ReminderNotices.AsNoTracking().Select(n => new { Notice = n, n.Recipient!.Email }).ToListAsync())
            .Select(x => (x.Notice, x.Email)).ToList();
    }

    /// <summary>Until the scan has written the day's notices, nothing is waiting to be sent and no job is running.</summary>
    public static Task WaitUntilSettledAsync(TestDatabase database, JobStorage storage, Func<string> logs) =>
        WaitForAsync(async () =>
        {
            var ledger = await ReadAsync(database);
            var monitoring = storage.GetMonitoringApi();
            return ledger.Count > 0 && ledger.All(n => n.Notice.Status != ReminderStatus.Pending)
                   && monitoring.ProcessingCount() == 0 && monitoring.EnqueuedCount("default") == 0;
        }, "every reminder to be sent", logs);

    public static async Task WaitForAsync(Func<Task<bool>> done, string what, Func<string> logs)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > Limit) Assert.Fail($"Waited {Limit.TotalMinutes} minutes for {what}. The instances said:\n{logs()}");
            await Task.Delay(250);
        }
    }
}
