using System.Text.Json;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Benchmarks;

/// <summary>What to generate. 1x is the partnership: 5,000 actions, 20,000 milestones, 100,000 status updates.</summary>
public sealed record PartnershipShape(int Scale, int MilestonesPerAction = 4, int UpdatesPerAction = 20, int MilestoneDaysBack = 200, int MilestoneDaysAhead = 300)
{
    public int Actions => 5_000 * Scale;

    public int Milestones => Actions * MilestonesPerAction;

    public int Updates => Actions * UpdatesPerAction;
}

/// <summary>
/// A partnership far bigger than any real CSP, with a tenth of the actions restricted and a realistic spread of
/// ratings and due dates. Every status update comes with the audit entries the app would have written for it, so
/// the history and the audit log are as big as the updates make them.
/// </summary>
public static class LargePartnership
{
    public const string Slug = "bench";
    private const int Priorities = 10;

    public static async Task<int> CreateAsync(IDbContextFactory<AppDbContext> factory, DateTime nowUtc, PartnershipShape shape)
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
            // Each board is chaired, so long-overdue actions and sign-offs reach a chair as they would in a real plan.
            for (var i = 0; i < partnership.Boards.Count; i++) partnership.Boards[i].ChairId = people[i].Id;
            await db.SaveChangesAsync();
            partnershipId = partnership.Id;
            strategyId = strategy.Id;
            priorityIds = strategy.Priorities.Select(p => p.Id).ToList();
            orgIds = partnership.Organisations.Select(o => o.Id).ToList();
            personIds = people.Select(p => p.Id).ToList();
            boardIds = partnership.Boards.Select(b => b.Id).ToList();
        }

        var ratings = new[] { RagRating.Red, RagRating.Amber, RagRating.Amber, RagRating.Green, RagRating.Green, RagRating.Green, RagRating.NotStarted };
        var actions = new List<Action>(shape.Actions);
        for (var i = 0; i < shape.Actions; i++)
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
                IsRestricted = random.Next(10) == 0, CreatedAt = created, LastUpdatedAt = created.AddDays(shape.UpdatesPerAction * 10 - 10),
            });
        }

        // Through the app's own save, 5,000 to a save, so each action has the audit entry of its creation.
        foreach (var chunk in actions.Chunk(5_000))
        {
            await using var db = await factory.CreateDbContextAsync();
            db.Author = new AuditAuthor(null, "Benchmark generator");
            db.Actions.AddRange(chunk);
            await db.SaveChangesAsync();
        }

        // The child rows go in through prepared statements in one transaction: EF's change tracker would take minutes
        // over them. Values are written the way EF's SQLite provider stores them (enums and GUIDs as text).
        await using (var db = await factory.CreateDbContextAsync())
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            var update = Prepare(connection, transaction,
                "INSERT INTO StatusUpdates (ActionId, RecordedAt, AuthorName, Rag, SuggestedRag, Status, ProgressPercent, Commentary, IncludeInActivityReport) " +
                "VALUES ($action, $at, 'Benchmark author', $rag, $rag, 'InProgress', $progress, $commentary, 0) RETURNING Id",
                "$action", "$at", "$rag", "$progress", "$commentary");
            var audit = Prepare(connection, transaction,
                "INSERT INTO AuditEntries (RecordedAt, UserName, EntityType, EntityId, Operation, Before, After, ChangeSetId) " +
                "VALUES ($at, 'Benchmark author', $type, $id, $operation, $before, $after, $changeSet)",
                "$at", "$type", "$id", "$operation", "$before", "$after", "$changeSet");
            var milestone = Prepare(connection, transaction,
                "INSERT INTO Milestones (PartnershipId, StrategyId, ActionId, Title, Kind, DueDate, CompletedOn, OwnerId, SignOffBoardId, IsRestricted, Version) " +
                "VALUES ($partnership, $strategy, $action, $title, 'Action', $due, $completed, $owner, $board, $restricted, $version)",
                "$partnership", "$strategy", "$action", "$title", "$due", "$completed", "$owner", "$board", "$restricted", "$version");
            foreach (var action in actions)
            {
                var previous = RagRating.NotStarted;
                for (var u = 0; u < shape.UpdatesPerAction; u++)
                {
                    var at = action.CreatedAt.AddDays(u * 10 + random.NextDouble());
                    var rag = ratings[random.Next(ratings.Length)];
                    var commentary = $"Update {u} on action {action.Reference}: partners met, progress reviewed, next steps agreed with the lead officer.";
                    var id = Convert.ToInt64(Scalar(update, action.Id, at, rag.ToString(), u * 5, commentary), System.Globalization.CultureInfo.InvariantCulture);
                    var changeSet = Guid.NewGuid().ToString().ToUpperInvariant();
                    Run(audit, at, nameof(StatusUpdate), id.ToString(System.Globalization.CultureInfo.InvariantCulture), "Create", DBNull.Value,
                        JsonSerializer.Serialize(new { Id = id, ActionId = action.Id, RecordedAt = at, AuthorName = "Benchmark author", Rag = rag.ToString(), Commentary = commentary }), changeSet);
                    Run(audit, at, nameof(Action), action.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "Change",
                        JsonSerializer.Serialize(new { Rag = previous.ToString(), ProgressPercent = Math.Max(0, u * 5 - 5) }),
                        JsonSerializer.Serialize(new { Rag = rag.ToString(), ProgressPercent = u * 5 }), changeSet);
                    previous = rag;
                }

                for (var m = 0; m < shape.MilestonesPerAction; m++)
                {
                    var due = today.AddDays(random.Next(-shape.MilestoneDaysBack, shape.MilestoneDaysAhead));
                    // Most past milestones were met; a few are overdue, as in a real plan.
                    object completedOn = due < today && random.Next(20) != 0 ? due : DBNull.Value;
                    object signOff = random.Next(10) == 0 ? boardIds[random.Next(boardIds.Count)] : DBNull.Value;
                    Run(milestone, partnershipId, strategyId, action.Id, $"Milestone {m} of action {action.Reference}", due, completedOn,
                        action.LeadPersonId!.Value, signOff, action.IsRestricted, Guid.NewGuid().ToString().ToUpperInvariant());
                }
            }

            await transaction.CommitAsync();
        }

        return partnershipId;
    }

    internal static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    internal static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        return command.ExecuteScalar();
    }
}
