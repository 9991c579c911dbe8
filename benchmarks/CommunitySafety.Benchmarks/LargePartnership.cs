using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Benchmarks;

/// <summary>
/// A partnership far bigger than any real CSP: 5,000 actions, 20,000 milestones and 100,000 status updates, with a
/// tenth of the actions restricted and a realistic spread of ratings and due dates.
/// </summary>
public static class LargePartnership
{
    public const string Slug = "bench";
    public const int Actions = 5_000;
    public const int MilestonesPerAction = 4;
    public const int UpdatesPerAction = 20;
    private const int Priorities = 10;

    public static async Task<int> CreateAsync(IDbContextFactory<AppDbContext> factory, DateTime nowUtc)
    {
        var random = new Random(20261124);
        var today = DateOnly.FromDateTime(nowUtc);
        int partnershipId, strategyId;
        List<int> priorityIds, orgIds, personIds, boardIds;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var partnership = new Partnership { Name = "Benchmark Community Safety Partnership", Slug = Slug, Area = "Benchmarkshire" };
            partnership.Organisations.AddRange(Enumerable.Range(1, 20).Select(i => new PartnerOrganisation { Name = $"Partner organisation {i}", Kind = OrganisationKind.Other }));
            partnership.Boards.AddRange(Enumerable.Range(1, 8).Select(i => new Board
            {
                Name = $"Board {i}", Kind = BoardKind.TaskingBoard,
                Meetings = Enumerable.Range(1, 6).Select(m => new Meeting { StartsAt = nowUtc.AddDays(-60 * m) }).ToList(),
            }));
            var strategy = new Strategy
            {
                Title = "Benchmark strategy", Status = StrategyStatus.Adopted, PeriodStart = today.AddMonths(-8), PeriodEnd = today.AddMonths(4),
                Priorities = Enumerable.Range(1, Priorities).Select(i => new Priority { Order = i, Code = $"P{i}", Title = $"Priority {i}" }).ToList(),
            };
            partnership.Strategies.Add(strategy);
            db.Partnerships.Add(partnership);
            await db.SaveChangesAsync();
            var people = Enumerable.Range(1, 100).Select(i => new Person { PartnershipId = partnership.Id, Name = $"Person {i}", OrganisationId = partnership.Organisations[i % 20].Id }).ToList();
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            partnershipId = partnership.Id;
            strategyId = strategy.Id;
            priorityIds = strategy.Priorities.Select(p => p.Id).ToList();
            orgIds = partnership.Organisations.Select(o => o.Id).ToList();
            personIds = people.Select(p => p.Id).ToList();
            boardIds = partnership.Boards.Select(b => b.Id).ToList();
        }

        var ratings = new[] { RagRating.Red, RagRating.Amber, RagRating.Amber, RagRating.Green, RagRating.Green, RagRating.Green, RagRating.NotStarted };
        var actions = new List<Action>(Actions);
        for (var i = 0; i < Actions; i++)
        {
            var completed = random.Next(10) == 0;
            var rag = completed ? RagRating.Complete : ratings[random.Next(ratings.Length)];
            var created = nowUtc.AddDays(-random.Next(1, 400));
            actions.Add(new Action
            {
                PriorityId = priorityIds[i % Priorities], Reference = $"A-{i:00000}", Title = $"Action {i}: partnership work to reduce harm",
                LeadOrganisationId = orgIds[random.Next(orgIds.Count)], LeadPersonId = personIds[random.Next(personIds.Count)],
                BoardId = boardIds[random.Next(boardIds.Count)], StartDate = DateOnly.FromDateTime(created),
                DueDate = today.AddDays(random.Next(-120, 240)), Rag = rag,
                Status = completed ? ActionStatus.Completed : rag == RagRating.NotStarted ? ActionStatus.NotStarted : ActionStatus.InProgress,
                CompletedOn = completed ? today.AddDays(-random.Next(1, 100)) : null, ProgressPercent = completed ? 100 : random.Next(0, 100),
                IsRestricted = random.Next(10) == 0, CreatedAt = created, LastUpdatedAt = created.AddDays(UpdatesPerAction * 10 - 10),
            });
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Actions.AddRange(actions);
            await db.SaveChangesAsync();
        }

        // The 120,000 child rows go in through prepared statements in one transaction: EF's change tracker would take
        // minutes over them. Values are written the way EF's SQLite provider stores them (enums and GUIDs as text).
        await using (var db = await factory.CreateDbContextAsync())
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            var update = Prepare(connection, transaction,
                "INSERT INTO StatusUpdates (ActionId, RecordedAt, AuthorName, Rag, SuggestedRag, Status, ProgressPercent, Commentary, IncludeInActivityReport) " +
                "VALUES ($action, $at, 'Benchmark author', $rag, $rag, 'InProgress', $progress, $commentary, 0)",
                "$action", "$at", "$rag", "$progress", "$commentary");
            var milestone = Prepare(connection, transaction,
                "INSERT INTO Milestones (PartnershipId, StrategyId, ActionId, Title, Kind, DueDate, CompletedOn, OwnerId, IsRestricted, Version) " +
                "VALUES ($partnership, $strategy, $action, $title, 'Action', $due, $completed, $owner, $restricted, $version)",
                "$partnership", "$strategy", "$action", "$title", "$due", "$completed", "$owner", "$restricted", "$version");
            foreach (var action in actions)
            {
                for (var u = 0; u < UpdatesPerAction; u++)
                {
                    Run(update, action.Id, action.CreatedAt.AddDays(u * 10 + random.NextDouble()), ratings[random.Next(ratings.Length)].ToString(), u * 5,
                        $"Update {u} on action {action.Reference}: partners met, progress reviewed, next steps agreed with the lead officer.");
                }

                for (var m = 0; m < MilestonesPerAction; m++)
                {
                    var due = today.AddDays(random.Next(-200, 300));
                    // Most past milestones were met; a few are overdue, as in a real plan.
                    object completedOn = due < today && random.Next(20) != 0 ? due : DBNull.Value;
                    Run(milestone, partnershipId, strategyId, action.Id, $"Milestone {m} of action {action.Reference}", due, completedOn,
                        action.LeadPersonId!.Value, action.IsRestricted, Guid.NewGuid().ToString().ToUpperInvariant());
                }
            }

            await transaction.CommitAsync();
        }

        return partnershipId;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }
}
