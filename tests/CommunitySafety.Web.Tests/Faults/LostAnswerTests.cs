using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Outcomes;
using CommunitySafety.Web.Features.Reports;
using CommunitySafety.Web.Features.StatusUpdates;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CommunitySafety.Web.Tests.Faults;

/// <summary>
/// A save whose answer is lost: the commit happened but the page never heard (the connection dropped, the server
/// was killed at the final flush). The submission's id finds it afterwards; sending it again saves nothing twice.
/// </summary>
[Collection(FaultyDatabaseCollection.Name)]
public sealed class LostAnswerTests(FaultyDatabaseApp app, ITestOutputHelper output)
{
    private const string Coordinator = SaveScenario.Coordinator;

    private SaveScenario Scenario => new(app);

    private async Task<(int PartnershipId, Actor Actor, StatusUpdateForm Form)> StatusUpdateAsync(string commentary)
    {
        var pid = await app.PartnershipIdAsync("safermk");
        var actor = await app.ActorAsync(Coordinator);
        var actionId = await app.WithDbAsync(db => db.Actions
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && a.Status == ActionStatus.InProgress)
            .OrderByDescending(a => a.Id).Select(a => a.Id).FirstAsync());
        var form = (await Scenario.Service<StatusUpdateService, UpdateDraft?>(s => s.PrepareAsync(pid, actionId, actor)))!.Form;
        form.Commentary = commentary;
        return (pid, actor, form);
    }

    private Task<int> StoredAsync(string commentary) => app.WithDbAsync(db => db.StatusUpdates.CountAsync(u => u.Commentary == commentary));

    [Fact]
    public async Task Each_kind_of_save_sent_twice_is_stored_once_and_the_second_answer_says_already_saved()
    {
        var (pid, actor, update) = await StatusUpdateAsync($"Sent twice {Guid.NewGuid():N}.");
        var priority = await app.WithDbAsync(db => db.Priorities.Where(p => p.Strategy!.Partnership!.Slug == "safermk").Select(p => p.Id).FirstAsync());
        var reference = $"T-{Guid.NewGuid().ToString("N")[..5]}";
        var action = new ActionForm { PriorityId = priority, Reference = reference, Title = "Sent twice" };
        var outcomeId = await app.WithDbAsync(db => db.Outcomes.Where(o => o.Priority!.Strategy!.Partnership!.Slug == "safermk" && !o.IsRestricted).Select(o => o.Id).FirstAsync());
        var period = $"P{Guid.NewGuid().ToString("N")[..6]}";
        var measurement = new MeasurementForm { OutcomeId = outcomeId, Period = period, PeriodEnd = new DateTime(2026, 9, 30), Value = 12 };
        var meetingId = await app.WithDbAsync(db => db.Meetings.Where(m => m.Board!.Partnership!.Slug == "safermk").OrderBy(m => m.StartsAt).Select(m => m.Id).FirstAsync());
        var draftPress = Guid.NewGuid();
        var overviewsBefore = await app.WithDbAsync(db => db.ActivityReports.CountAsync(r => r.MeetingId == meetingId));

        var sends = new (string What, Func<Task<SaveResult>> Send, Func<Task<int>> Stored)[]
        {
            ("status update", () => Scenario.Service<StatusUpdateService, SaveResult>(s => s.PostAsync(pid, update, actor)), () => StoredAsync(update.Commentary)),
            ("new action", () => Scenario.Service<ActionEditor, SaveResult>(s => s.SaveAsync(pid, action, actor)),
                () => app.WithDbAsync(db => db.Actions.CountAsync(a => a.Reference == reference))),
            ("measurement", () => Scenario.Service<OutcomeEditor, SaveResult>(s => s.RecordAsync(pid, measurement, actor)),
                () => app.WithDbAsync(db => db.Measurements.CountAsync(m => m.Period == period))),
            ("activity overview draft", () => Scenario.Service<ActivityReportService, SaveResult>(s => s.DraftAsync(pid, meetingId, false, actor, draftPress)),
                async () => await app.WithDbAsync(db => db.ActivityReports.CountAsync(r => r.MeetingId == meetingId)) - overviewsBefore),
        };

        var stored = 0;
        foreach (var (what, send, count) in sends)
        {
            var first = await send();
            var second = await send();
            var rows = await count();
            stored += rows;
            output.WriteLine($"{what}: first {first.Outcome}, second {second.Outcome} (already saved at {second.AlreadySavedAt:HH:mm:ss}); stored {rows}");

            Assert.Equal(SaveOutcome.Saved, first.Outcome);
            Assert.Null(first.AlreadySavedAt);
            Assert.Equal(SaveOutcome.Saved, second.Outcome);
            Assert.NotNull(second.AlreadySavedAt);
            Assert.Equal(first.Id, second.Id);
            Assert.Equal(1, rows);
        }

        output.WriteLine($"sent {sends.Length * 2}, stored {stored}, duplicates {stored - sends.Length}");
    }

    [Fact]
    public async Task A_commit_whose_answer_is_lost_is_answered_saved_not_failed_and_is_not_saved_again()
    {
        var (pid, actor, form) = await StatusUpdateAsync($"Answer lost after the commit {Guid.NewGuid():N}.");
        var mark = app.Logs.Records.Count;

        app.Faults.LoseNextAnswer();
        var lost = await Scenario.Service<StatusUpdateService, SaveResult>(s => s.PostAsync(pid, form, actor));
        var again = await Scenario.Service<StatusUpdateService, SaveResult>(s => s.PostAsync(pid, form, actor));

        var stored = await StoredAsync(form.Commentary);
        output.WriteLine($"answer lost: told {lost.Outcome}; sent again: told {again.Outcome}; stored {stored}; errors logged {app.Logs.ErrorsSince(mark).Count}");
        Assert.Equal(SaveOutcome.Saved, lost.Outcome);
        Assert.Equal(SaveOutcome.Saved, again.Outcome);
        Assert.NotNull(again.AlreadySavedAt);
        Assert.Equal(1, stored);
        Assert.Empty(app.Logs.ErrorsSince(mark));
        Assert.Contains(app.Logs.Records.Skip(mark), r => r.Message.Contains("was lost after the commit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_sends_of_one_submission_at_the_same_moment_store_it_once()
    {
        var (pid, actor, form) = await StatusUpdateAsync($"Pressed twice {Guid.NewGuid():N}.");

        var results = await Task.WhenAll(
            Scenario.Service<StatusUpdateService, SaveResult>(s => s.PostAsync(pid, form, actor)),
            Scenario.Service<StatusUpdateService, SaveResult>(s => s.PostAsync(pid, form, actor)));

        var stored = await StoredAsync(form.Commentary);
        output.WriteLine($"answers: {string.Join(", ", results.Select(r => r.Outcome + (r.AlreadySavedAt is null ? "" : " (already saved)")))}; stored {stored}");
        Assert.All(results, r => Assert.Equal(SaveOutcome.Saved, r.Outcome));
        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task The_page_can_ask_afterwards_whether_its_submission_was_saved()
    {
        var (pid, actor, form) = await StatusUpdateAsync($"Asked after {Guid.NewGuid():N}.");
        var before = await Scenario.Service<SaveGuard, DateTime?>(g => g.SavedAtAsync(form.SubmissionId));

        await Scenario.Service<StatusUpdateService, SaveResult>(s => s.PostAsync(pid, form, actor));
        var after = await Scenario.Service<SaveGuard, DateTime?>(g => g.SavedAtAsync(form.SubmissionId));

        Assert.Null(before);
        Assert.Equal(TestApp.Now.UtcDateTime, after);
        var changeSet = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.ChangeSetId == form.SubmissionId).Select(e => e.EntityType).ToListAsync());
        Assert.Contains("StatusUpdate", changeSet);
    }
}
