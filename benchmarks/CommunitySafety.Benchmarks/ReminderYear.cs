using System.Diagnostics;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Reminders;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Benchmarks;

/// <summary>
/// The daily reminder scan over 100,000 milestones after a year of ledger growth. The year's ledger is written as the
/// scan would have written it, day by day, with the domain's own reminder rules (and marked sent, as the sender
/// would); the last week is then scanned for real by the app's scanner, one scan a day at 07:00 London time.
/// </summary>
public static class ReminderYear
{
    private const int RealDays = 7;

    public static async Task RunAsync(BenchOptions options, Figures figures, string folder)
    {
        figures.Section = "Reminders";
        var path = Path.Combine(folder, "bench-reminders.db");
        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow);
        var days = Math.Max(RealDays + 1, options.LedgerDays);
        var firstDay = lastDay.AddDays(-(days - 1));
        var firstRealDay = lastDay.AddDays(-(RealDays - 1));
        var clock = new SettableClock(At(firstRealDay));
        await using var host = new BenchHost(path, clock);
        var shape = new PartnershipShape(1, MilestonesPerAction: 20, UpdatesPerAction: 0, MilestoneDaysBack: days + 30, MilestoneDaysAhead: 120);
        await DataBenchmarks.GenerateAsync(host, shape, figures);

        var watch = Stopwatch.StartNew();
        var written = await WriteLedgerAsync(host.Services, firstDay, firstRealDay);
        figures.Note($"Reminders: the ledger of {(firstRealDay.DayNumber - firstDay.DayNumber):N0} days before the last {RealDays} holds {written:N0} notices " +
                     $"(written in {watch.Elapsed.TotalSeconds:N0} s)");
        await SqlAsync(path, "UPDATE Milestones SET CompletedOn = NULL WHERE DueDate >= $day", firstRealDay);

        var scans = new List<double>();
        var reruns = new List<double>();
        var added = new List<double>();
        var commands = new List<double>();
        for (var day = firstRealDay; day <= lastDay; day = day.AddDays(1))
        {
            // Most milestones are met on the day they fall due; one in twenty is left open, overdue.
            await SqlAsync(path, "UPDATE Milestones SET CompletedOn = DueDate WHERE CompletedOn IS NULL AND DueDate < $day AND Id % 20 <> 0", day);
            clock.Now = At(day);
            var before = await CountAsync(path);
            var sql = SqlCommands.Count;
            var scan = Stopwatch.StartNew();
            await ScanAsync(host.Services);
            scans.Add(scan.Elapsed.TotalMilliseconds);
            commands.Add(SqlCommands.Count - sql);
            added.Add(await CountAsync(path) - before);
            var rerun = Stopwatch.StartNew();
            await ScanAsync(host.Services);
            reruns.Add(rerun.Elapsed.TotalMilliseconds);
            await SqlAsync(path, "UPDATE ReminderNotices SET Status = 'Sent', SentAt = CreatedAt, Attempts = 1 WHERE Status = 'Pending'", day);
        }

        figures.Add($"Reminder scan of {shape.Milestones:N0} milestones after {days} days of ledger, one a day for the last {RealDays}", "ms", "< 1,000 ms", scans);
        figures.Add("The same day's scan run again (nothing new)", "ms", "", reruns);
        figures.Add("Notices written per daily scan", "notices", "", added);
        figures.Add("SQL commands per daily scan", "commands", "", commands);
        figures.Note($"Reminders: the ledger ends with {await CountAsync(path):N0} notices");
    }

    private static DateTimeOffset At(DateOnly day) => new(PartnershipClock.StartOfDayUtc(day).AddHours(7), TimeSpan.Zero);

    private static async Task ScanAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReminderScanner>().ScanAsync();
    }

    /// <summary>Every day before the real scans, what the scan would have added that day, written as sent.</summary>
    private static async Task<int> WriteLedgerAsync(IServiceProvider services, DateOnly firstDay, DateOnly firstRealDay)
    {
        var (milestones, actions, chairs, settings) = await DataBenchmarks.WithDbAsync(services, async db => (
            await db.Milestones.AsNoTracking().OrderBy(m => m.DueDate).ToListAsync(),
            await db.Actions.AsNoTracking().Where(a => a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress)
                .Select(a => new { Action = a, a.Priority!.Strategy!.PartnershipId }).ToListAsync(),
            await db.Boards.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.ChairId),
            await db.Partnerships.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Settings)));
        var maxLead = settings.Values.Max(s => ReminderRules.ParseLeadDays(s.ReminderLeadDays)?.Max() ?? 28);
        var seen = new HashSet<(int, ReminderItemType, int, string)>();
        var path = services.GetRequiredService<DatabaseTarget>().SqlitePath!;
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var insert = LargePartnership.Prepare(connection, transaction,
            "INSERT INTO ReminderNotices (PartnershipId, RecipientPersonId, ItemType, ItemId, Kind, Occasion, DueDate, ScanDate, CreatedAt, Status, Attempts, SentAt) " +
            "VALUES ($partnership, $person, $type, $item, $kind, $occasion, $due, $scan, $created, 'Sent', 1, $sent)",
            "$partnership", "$person", "$type", "$item", "$kind", "$occasion", "$due", "$scan", "$created", "$sent");
        var written = 0;
        var start = 0;
        for (var day = firstDay; day < firstRealDay; day = day.AddDays(1))
        {
            var due = new List<ReminderDue>();
            while (start < milestones.Count && milestones[start].DueDate < day) start++;
            for (var i = start; i < milestones.Count && milestones[i].DueDate.DayNumber - day.DayNumber <= maxLead + 6; i++)
            {
                var m = milestones[i];
                // Open on the morning it falls due: a milestone is met during its day, after the 07:00 scan.
                if (m.CompletedOn is { } done && done < day) continue;
                var open = new Milestone
                {
                    Id = m.Id, PartnershipId = m.PartnershipId, DueDate = m.DueDate, OwnerId = m.OwnerId, SignOffBoardId = m.SignOffBoardId,
                    IsRestricted = m.IsRestricted, ReminderLeadDays = m.ReminderLeadDays,
                };
                var chair = m.SignOffBoardId is { } board ? chairs.GetValueOrDefault(board) : null;
                due.AddRange(ReminderRules.ForMilestone(open, chair, settings[m.PartnershipId], day, _ => false, _ => MilestoneDigestTiming.Daily));
            }

            foreach (var x in actions)
            {
                var chair = x.Action.BoardId is { } board ? chairs.GetValueOrDefault(board) : null;
                due.AddRange(ReminderRules.ForAction(x.Action, x.PartnershipId, chair, settings[x.PartnershipId], day, _ => false));
            }

            var created = At(day).UtcDateTime;
            foreach (var d in due.Where(d => seen.Add((d.RecipientPersonId, d.ItemType, d.ItemId, d.Occasion))))
            {
                LargePartnership.Run(insert, d.PartnershipId, d.RecipientPersonId, d.ItemType.ToString(), d.ItemId, d.Kind.ToString(), d.Occasion,
                    d.DueDate, day, created, created.AddMinutes(5));
                written++;
            }
        }

        await transaction.CommitAsync();
        return written;
    }

    private static async Task SqlAsync(string path, string sql, DateOnly day)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$day", day);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ReminderNotices";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
