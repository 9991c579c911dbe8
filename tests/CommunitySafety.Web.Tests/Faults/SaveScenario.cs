using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Milestones;
using CommunitySafety.Web.Features.Outcomes;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Features.Reports;
using CommunitySafety.Web.Features.Risks;
using CommunitySafety.Web.Features.StatusUpdates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Faults;

/// <summary>
/// Every kind of save a person makes in the app, each ready to send and answering with its outcome: a status update signed in and one by emailed
/// link, an action changed and one added, a milestone, a risk, a measurement, an activity overview drafted and edited.
/// </summary>
internal sealed class SaveScenario(FaultyDatabaseApp app)
{
    public const string Coordinator = "coordinator@safermk.example";
    public const string Lead = "lead.police@safermk.example";

    public async Task<IReadOnlyList<(string What, Func<Task<string>> Save)>> PrepareAsync()
    {
        var pid = await app.PartnershipIdAsync("safermk");
        var coordinator = await app.ActorAsync(Coordinator);
        var lead = await app.ActorAsync(Lead);
        var stamp = Guid.NewGuid().ToString("N")[..8];

        var open = await app.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && a.Status == ActionStatus.InProgress)
            .OrderBy(a => a.Id).ToListAsync());
        var update = (await Service<StatusUpdateService, UpdateDraft?>(s => s.PrepareAsync(pid, open[0].Id, coordinator)))!.Form;
        update.Commentary = $"Written while the database refused writes {stamp}.";

        var changed = ActionForm.From((await Service<ActionQueries, Action?>(q => q.FindAsync(pid, open[1].Id, coordinator)))!);
        changed.Title += $" ({stamp})";
        var added = new ActionForm
        {
            PriorityId = open[0].PriorityId, Reference = $"F-{stamp[..4]}", Title = "An action added while the database refused writes",
        };

        var milestoneId = await app.WithDbAsync(db => db.Milestones.Where(m => m.Partnership!.Slug == "safermk" && !m.IsRestricted && m.CompletedOn == null)
            .OrderBy(m => m.Id).Select(m => m.Id).FirstAsync());
        var milestone = MilestoneForm.From((await Service<MilestoneQueries, Milestone?>(q => q.FindAsync(pid, milestoneId, coordinator)))!);
        milestone.Description = $"Moved to the spring meeting {stamp}.";

        var riskId = await app.WithDbAsync(db => db.Risks.Where(r => r.Partnership!.Slug == "safermk").OrderBy(r => r.Number).Select(r => r.Id).FirstAsync());
        var risk = RiskForm.From((await Service<RiskEditor, Risk?>(r => r.FindAsync(pid, riskId, coordinator)))!);
        risk.Mitigation = $"Quarterly review by the Tasking Board {stamp}.";

        var outcomeId = await app.WithDbAsync(db => db.Outcomes.Where(o => o.Priority!.Strategy!.Partnership!.Slug == "safermk" && !o.IsRestricted)
            .OrderBy(o => o.Id).Select(o => o.Id).FirstAsync());
        var measurement = new MeasurementForm { OutcomeId = outcomeId, Period = $"Q{stamp[..3]}", PeriodEnd = new DateTime(2026, 10, 31), Value = 41, Source = "Test" };

        var meetingId = await app.WithDbAsync(db => db.Meetings.Where(m => m.Board!.Partnership!.Slug == "safermk")
            .OrderByDescending(m => m.StartsAt).Select(m => m.Id).FirstAsync());
        var draftId = (await Service<ActivityReportService, SaveResult>(s => s.DraftAsync(pid, meetingId, false, coordinator))).Id!.Value;
        var report = ActivityReportForm.From((await Service<ActivityReportService, ActivityReport?>(s => s.FindAsync(pid, draftId, coordinator)))!);
        report.Purpose = $"To note the partnership's activity, written while the database refused writes {stamp}.";

        var (token, linkForm) = await LinkAsync(pid, lead, stamp);

        return
        [
            ("status update of action " + open[0].Id, async () => (await Service<StatusUpdateService, SaveResult>(s => s.PostAsync(pid, update, coordinator))).Outcome.ToString()),
            ($"action {changed.Reference} (id {changed.Id})", async () => (await Service<ActionEditor, SaveResult>(s => s.SaveAsync(pid, changed, coordinator))).Outcome.ToString()),
            ($"action {added.Reference} (id 0)", async () => (await Service<ActionEditor, SaveResult>(s => s.SaveAsync(pid, added, coordinator))).Outcome.ToString()),
            ($"milestone '{milestone.Title}'", async () => (await Service<MilestoneEditor, SaveResult>(s => s.SaveAsync(pid, milestone, coordinator))).Outcome.ToString()),
            ($"risk (id {risk.Id})", async () => (await Service<RiskEditor, SaveResult>(s => s.SaveAsync(pid, risk, coordinator))).Outcome.ToString()),
            ($"measurement {measurement.Period}", async () => (await Service<OutcomeEditor, SaveResult>(s => s.RecordAsync(pid, measurement, coordinator))).Outcome.ToString()),
            ($"activity overview draft for meeting {meetingId}", async () => (await Service<ActivityReportService, SaveResult>(s => s.DraftAsync(pid, meetingId, false, coordinator))).Outcome.ToString()),
            ($"activity overview {report.Id}", async () => (await Service<ActivityReportService, SaveResult>(s => s.SaveAsync(pid, report, coordinator))).Outcome.ToString()),
            ($"status update of action {linkForm.ActionId}", async () => (await Service<UpdateLinkStatusUpdates, LinkUpdateResult>(s => s.PostAsync(token, linkForm.Form, "127.0.0.1"))) switch
            {
                { Saved: true } => nameof(SaveOutcome.Saved),
                { NotSaved: true } => nameof(SaveOutcome.NotSaved),
                var other => other.Message ?? "?",
            }),
        ];
    }

    /// <summary>A fresh emailed link for an action the police lead leads, and an update ready to post through it.</summary>
    private async Task<(string Token, (int ActionId, LinkUpdateForm Form) Form)> LinkAsync(int pid, Actor lead, string stamp)
    {
        var action = await app.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.LeadPersonId == lead.PersonId && a.Status == ActionStatus.InProgress && !a.IsRestricted).OrderBy(a => a.Id).FirstAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var (token, _) = scope.ServiceProvider.GetRequiredService<UpdateLinkStatusUpdates>().Issue(db, action.Id, lead.PersonId!.Value);
        await db.SaveChangesAsync();
        var suggested = (await Service<StatusUpdateService, UpdateDraft?>(s => s.PrepareAsync(pid, action.Id, lead)))!.Form;
        return (token, (action.Id, new LinkUpdateForm
        {
            Status = suggested.Status, Rag = suggested.Rag, SuggestedRag = suggested.SuggestedRag, ProgressPercent = suggested.ProgressPercent, Version = suggested.Version,
            Commentary = $"Sent from the emailed link while the database refused writes {stamp}.",
        }));
    }

    public async Task<T> Service<TService, T>(Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>How many rows the partnership's data and its audit log hold: any write at all changes one of these.</summary>
    public Task<string> RowCountsAsync() => app.WithDbAsync(async db => string.Join(", ",
        $"audit {await db.AuditEntries.CountAsync()}", $"updates {await db.StatusUpdates.CountAsync()}", $"actions {await db.Actions.CountAsync()}",
        $"measurements {await db.Measurements.CountAsync()}", $"overviews {await db.ActivityReports.CountAsync()}",
        $"receipts {await db.SaveReceipts.CountAsync()}", $"link uses {await db.UpdateLinkUses.CountAsync()}"));
}
