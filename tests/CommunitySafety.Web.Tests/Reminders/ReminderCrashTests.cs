using System.Diagnostics;
using System.Globalization;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CommunitySafety.Tests.Reminders;

/// <summary>
/// The app as a process of its own, sending a burst of reminders to a slow mail server, killed with SIGKILL in the
/// middle of it and started again: every reminder arrives once, the one in flight is held for a coordinator rather
/// than sent twice, and nothing waits for the next day's scan.
/// </summary>
public sealed class ReminderCrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly SmtpTestServer smtp = new();

    public void Dispose() => smtp.Dispose();

    private Dictionary<string, string> Settings(TestDatabase database) => new(database.Settings)
    {
        ["Samples:LoadOnStartup"] = "false",
        ["Samples:CreateDemoAccounts"] = "false",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:Smtp:TimeoutSeconds"] = "10",
        ["Email:LinkBaseUrl"] = ReminderTestApp.BaseUrl,
        ["Email:From"] = "SaferMK reminders <reminders@safermk.example>",
        // Long enough that a send on a loaded machine is not cut short by its own time limit (four fifths of this).
        ["Reminders:HoldSeconds"] = "30",
        ["Reminders:SweepSeconds"] = "1",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:CommunitySafety"] = "Information",
    };

    private static AppDbContext Open(TestDatabase database)
    {
        var target = new DatabaseTarget(database.Provider, database.ConnectionString);
        var options = new DbContextOptionsBuilder<AppDbContext>();
        target.Configure(options);
        return target.CreateContext(options.Options);
    }

    private static async Task<List<ReminderNotice>> LedgerAsync(TestDatabase database)
    {
        await using var db = Open(database);
        return await db.ReminderNotices.AsNoTracking().ToListAsync();
    }

    private static async Task WaitForAsync(Func<Task<bool>> done, TimeSpan limit, Func<string> why)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > limit) Assert.Fail($"Not done within {limit.TotalSeconds} s: {why()}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Killed_in_the_middle_of_a_send_burst_and_started_again_it_sends_every_reminder_once_and_none_twice()
    {
        // The day's ledger, written by the scan on the test clock; the app process then sends it on the real clock.
        using var database = TestDatabase.Seeded();
        using (var seed = new ReminderTestApp(null, database, ownsDatabase: false))
        {
            await seed.WithServiceAsync<ReminderScanner, int>(s => s.ScanAsync());
        }

        {
            var notices = (await LedgerAsync(database)).Count;
            var people = (await LedgerAsync(database)).Select(n => n.RecipientPersonId).Distinct().Count();
            // Each answer comes 0.4 s after the message is stored: most of the burst is spent in that window.
            smtp.Reply(SmtpReply.Delay, TimeSpan.FromSeconds(0.4));

            using (var first = AppProcess.Start(Settings(database)))
            {
                await WaitForAsync(() => Task.FromResult(smtp.Messages().Count >= 3 || first.HasExited), TimeSpan.FromSeconds(120),
                    () => $"{smtp.Messages().Count} emails arrived. The app said:\n{first.Log}");
                Assert.False(first.HasExited, first.Log);
                first.Kill();
            }

            var atKill = smtp.Messages().Count;
            var heldAtKill = (await LedgerAsync(database)).Count(n => n.ClaimedBy is not null);
            Assert.True(atKill < people, $"The burst finished ({atKill} of {people}) before the kill: nothing was tested.");

            smtp.Reply(SmtpReply.Accept);
            using var second = AppProcess.Start(Settings(database));
            await WaitForAsync(async () => (await LedgerAsync(database)).All(n => n.Status != ReminderStatus.Pending), TimeSpan.FromSeconds(240),
                () => $"Still pending. The restarted app said:\n{second.Log}");
            second.Kill();

            var ledger = await LedgerAsync(database);
            var arrived = smtp.Messages().Select(m => m.Message.MessageId).ToList();
            var duplicated = arrived.Count - arrived.Distinct().Count();
            var sent = ledger.Where(n => n.Status == ReminderStatus.Sent).ToList();
            var held = ledger.Where(n => n.Status == ReminderStatus.PossiblySent).ToList();
            var lost = sent.Count(n => !arrived.Contains(n.MessageId))
                       + ledger.Count(n => n.Status is not (ReminderStatus.Sent or ReminderStatus.PossiblySent or ReminderStatus.Withdrawn));
            var heldEmails = held.Select(n => n.MessageId).Distinct().ToList();
            Figures.Print(output,
                $"Reminders, kill -9 during a send burst then restart: {people} people, {notices} notices; {atKill} emails in before the kill, " +
                $"{arrived.Count} received in all, {duplicated} duplicated, {lost} lost, {heldEmails.Count} possibly sent " +
                $"(held for a coordinator, {heldEmails.Count(arrived.Contains)} of them had arrived), {heldAtKill} notices held by the dead process");

            Assert.Equal(0, duplicated);
            Assert.Equal(0, lost);
            // Only the email in flight at the kill can be in doubt.
            Assert.True(heldEmails.Count <= 1, string.Join(", ", heldEmails));
        }
    }

    [Fact]
    [Trait("Provider", "PostgreSql")]
    public async Task One_of_two_instances_killed_in_the_middle_of_the_sends_the_other_finishes_nothing_twice_nothing_lost()
    {
        using var database = TestDatabase.Seeded();
        using (var seed = new ReminderTestApp(null, database, ownsDatabase: false))
        {
            await seed.WithServiceAsync<ReminderScanner, int>(s => s.ScanAsync());
        }

        var people = (await LedgerAsync(database)).Select(n => n.RecipientPersonId).Distinct().Count();
        // A slow mail server, so the burst outlasts the second instance's start.
        smtp.Reply(SmtpReply.Delay, TimeSpan.FromSeconds(3));
        using var victim = AppProcess.Start(Settings(database));
        await victim.WaitUntilHealthyAsync();
        await WaitForAsync(async () => smtp.Messages().Count >= 1 && (await LedgerAsync(database)).Any(n => n.ClaimedBy is not null) || victim.HasExited,
            TimeSpan.FromSeconds(120), () => $"{smtp.Messages().Count} emails arrived. The first instance said:\n{victim.Log}");
        using var survivor = AppProcess.Start(Settings(database));
        await survivor.WaitUntilHealthyAsync();
        Assert.False(victim.HasExited, victim.Log);
        Assert.True((await LedgerAsync(database)).Any(n => n.ClaimedBy is not null && n.Status == ReminderStatus.Pending),
            $"The first instance finished its sends ({smtp.Messages().Count} of {people}) before the second started: nothing was tested.");
        victim.Kill();

        var atKill = smtp.Messages().Count;
        Assert.True(atKill < people, $"The burst finished ({atKill} of {people}) before the kill: nothing was tested.");
        smtp.Reply(SmtpReply.Accept);
        // The survivor picks up what the dead instance held once its hold has run out; nobody restarts anything.
        await WaitForAsync(async () => (await LedgerAsync(database)).All(n => n.Status != ReminderStatus.Pending), TimeSpan.FromSeconds(240),
            () => $"Still pending. The surviving instance said:\n{survivor.Log}");

        var ledger = await LedgerAsync(database);
        var arrived = smtp.Messages().Select(m => m.Message.MessageId).ToList();
        var duplicated = arrived.Count - arrived.Distinct().Count();
        var lost = ledger.Count(n => n.Status == ReminderStatus.Sent && !arrived.Contains(n.MessageId))
                   + ledger.Count(n => n.Status is not (ReminderStatus.Sent or ReminderStatus.PossiblySent or ReminderStatus.Withdrawn));
        var held = ledger.Where(n => n.Status == ReminderStatus.PossiblySent).Select(n => n.MessageId).Distinct().ToList();
        Figures.Print(output,
            $"Reminders, one of two instances killed during the sends: {people} people; {atKill} emails in before the kill, {arrived.Count} received in all, " +
            $"{duplicated} duplicated, {lost} lost, {held.Count} possibly sent (held for a coordinator)");

        Assert.Equal(0, duplicated);
        Assert.Equal(0, lost);
        // Only the email the dead instance had in flight can be in doubt.
        Assert.True(held.Count <= 1, string.Join(", ", held));
        survivor.Kill();
    }
}
