using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Dashboard;
using CommunitySafety.Web.Features.StatusUpdates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Dashboard;

/// <summary>
/// A board meets, the coordinator changes the plan over the next days (status updates for RAG and completion, the
/// action editor for dates and new actions), and the next look at the dashboard lists what moved since that meeting.
/// </summary>
public class SinceLastMeetingTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Coordinator = "coordinator@safermk.example";

    private async Task<T> WithServiceAsync<T, TService>(Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private async Task SaveAsync(Action action, Action<ActionForm> change)
    {
        var form = ActionForm.From(action);
        change(form);
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var actor = await app.ActorAsync(Coordinator);
        var result = await WithServiceAsync<SaveResult, ActionEditor>(e => e.SaveAsync(partnershipId, form, actor));
        Assert.True(result.Succeeded, result.Message);
    }

    /// <summary>RAG, status and progress change only with a status update; a rating other than the suggestion gets a reason.</summary>
    private async Task PostUpdateAsync(Action action, Action<StatusUpdateForm> change)
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var actor = await app.ActorAsync(Coordinator);
        var result = await WithServiceAsync<SaveResult, StatusUpdateService>(async s =>
        {
            var draft = (await s.PrepareAsync(partnershipId, action.Id, actor))!;
            draft.Form.Commentary = "Reviewed after the meeting.";
            draft.Form.RagOverrideReason = "The coordinator's judgement after the meeting.";
            change(draft.Form);
            return await s.PostAsync(partnershipId, draft.Form, actor);
        });
        Assert.True(result.Succeeded, result.Message);
    }

    private Task<Action> ByReferenceAsync(string reference) => app.WithDbAsync(db => db.Actions.AsNoTracking()
        .SingleAsync(a => a.Reference == reference && a.Priority!.Strategy!.Partnership!.Slug == "safermk"));

    [Fact]
    public async Task Changes_after_the_meeting_are_listed_as_up_down_completed_added_and_overdue()
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var meetingStarts = app.Clock.GetUtcNow().UtcDateTime;
        var meetingId = await app.WithDbAsync(async db =>
        {
            var board = await db.Boards.FirstAsync(b => b.PartnershipId == partnershipId && b.Kind == BoardKind.Partnership);
            var meeting = new Meeting { BoardId = board.Id, StartsAt = meetingStarts, Location = "Civic Offices" };
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync();
            return meeting.Id;
        });
        var board = await app.ActorAsync("board@safermk.example");

        var worse = await ByReferenceAsync("VC-01");
        var better = await ByReferenceAsync("VUL-01");
        var finished = await ByReferenceAsync("ASB-05");
        var falling = await ByReferenceAsync("ENG-02");
        var untouched = await ByReferenceAsync("VC-04");
        Assert.Equal(RagRating.Green, worse.Rag);
        Assert.Equal(RagRating.Red, better.Rag);

        app.Clock.Advance(TimeSpan.FromHours(2));
        await PostUpdateAsync(worse, f => f.Rag = RagRating.Red);
        await PostUpdateAsync(better, f => f.Rag = RagRating.Green);
        await PostUpdateAsync(finished, f =>
        {
            f.Status = ActionStatus.Completed;
            f.Rag = RagRating.Complete;
            f.ProgressPercent = 100;
            f.CompletedOn = new DateTime(2026, 11, 24);
        });
        await SaveAsync(falling, f => f.DueDate = new DateTime(2026, 11, 25));
        var added = new ActionForm
        {
            PriorityId = worse.PriorityId, Reference = "VC-99", Title = "Street lighting review in hotspot areas",
        };
        var addedResult = await WithServiceAsync<SaveResult, ActionEditor>(e => e.SaveAsync(partnershipId, added, app.ActorAsync(Coordinator).Result));
        Assert.True(addedResult.Succeeded, addedResult.Message);
        app.Clock.Advance(TimeSpan.FromDays(3));

        var meetings = await WithServiceAsync<IReadOnlyList<MeetingOption>, DashboardService>(s => s.PastMeetingsAsync(partnershipId, board, null));
        Assert.Equal(meetingId, meetings[0].Id);
        var report = await WithServiceAsync<SinceReport, DashboardService>(s => s.SinceAsync(partnershipId, board, new DashboardFilter(), meetings[0].StartsAt));

        Assert.Contains(report.RagDown, a => a.Id == worse.Id && a.RagThen == RagRating.Green && a.RagNow == RagRating.Red);
        Assert.Contains(report.RagUp, a => a.Id == better.Id && a.RagNow == RagRating.Green);
        Assert.Contains(report.Completed, a => a.Id == finished.Id);
        Assert.DoesNotContain(report.RagUp, a => a.Id == finished.Id);
        Assert.Equal([addedResult.Id!.Value], report.Added.Select(a => a.Id));
        Assert.Contains(report.BecameOverdue, a => a.Id == falling.Id);
        var news = report.Completed.Concat(report.Added).Concat(report.BecameOverdue).ToList();
        Assert.DoesNotContain(news, a => a.Id == untouched.Id);
        Assert.DoesNotContain(news.Concat(report.RagUp).Concat(report.RagDown), a => a.IsRestricted);

        // Compared with a moment after the changes, nothing was added or completed since.
        var later = await WithServiceAsync<SinceReport, DashboardService>(s => s.SinceAsync(partnershipId, board, new DashboardFilter(), app.Clock.GetUtcNow().UtcDateTime));
        Assert.Empty(later.Added);
        Assert.Empty(later.Completed);
    }
}
