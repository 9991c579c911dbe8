using System.Text.Json;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.StatusUpdates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.StatusUpdates;

/// <summary>Posting status updates, conflicts and the audit log, on the test app's real SQLite file.</summary>
public class StatusUpdateServiceTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Lead = "lead.police@safermk.example";
    private const string Coordinator = "coordinator@safermk.example";

    private async Task<T> WithServiceAsync<T, TService>(Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private async Task<UpdateDraft> DraftAsync(string email, int actionId) =>
        (await WithServiceAsync<UpdateDraft?, StatusUpdateService>(async s => await s.PrepareAsync(await app.PartnershipIdAsync("safermk"), actionId, await app.ActorAsync(email))))!;

    private async Task<SaveResult> PostAsync(string email, StatusUpdateForm form) =>
        await WithServiceAsync<SaveResult, StatusUpdateService>(async s => await s.PostAsync(await app.PartnershipIdAsync("safermk"), form, await app.ActorAsync(email)));

    /// <summary>Open, unrestricted safermk actions, led by the police lead or not, so each test can take its own.</summary>
    private Task<List<Action>> ActionsAsync(bool ledByPoliceLead) => app.WithDbAsync(async db =>
    {
        var leadId = await db.Users.Where(u => u.Email == Lead).Select(u => u.PersonId).SingleAsync();
        return await db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted
                        && (a.Status == ActionStatus.InProgress || a.Status == ActionStatus.NotStarted)
                        && (a.LeadPersonId == leadId) == ledByPoliceLead)
            .OrderBy(a => a.Id).ToListAsync();
    });

    private Task<Action> ReloadAsync(int id) => app.WithDbAsync(db => db.Actions.AsNoTracking().Include(a => a.StatusUpdates).SingleAsync(a => a.Id == id));

    private static void FollowSuggestion(UpdateDraft draft, ActionStatus status, int progress, string commentary)
    {
        draft.Form.Status = status;
        draft.Form.ProgressPercent = progress;
        draft.Form.Rag = draft.SuggestFor(status, progress).Rating;
        draft.Form.Commentary = commentary;
    }

    [Fact]
    public async Task A_lead_posts_an_update_and_the_action_the_update_and_the_audit_log_are_written_together()
    {
        var action = (await ActionsAsync(ledByPoliceLead: true))[0];
        var draft = await DraftAsync(Lead, action.Id);
        var progress = action.ProgressPercent == 60 ? 65 : 60;
        FollowSuggestion(draft, ActionStatus.InProgress, progress, "Two more schools signed up.");
        draft.Form.NextSteps = "Visit the remaining schools.";
        draft.Form.IncludeInActivityReport = true;
        var published = new List<ActionChange>();
        var changes = app.Services.GetRequiredService<ActionChanges>();
        var heard = new TaskCompletionSource();
        using (changes.Subscribe(c => { lock (published) published.Add(c); heard.TrySetResult(); return Task.CompletedTask; }))
        {
            var result = await PostAsync(Lead, draft.Form);
            Assert.Equal(SaveOutcome.Saved, result.Outcome);
            await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }

        var after = await ReloadAsync(action.Id);
        Assert.Equal(progress, after.ProgressPercent);
        Assert.Equal(draft.Form.Rag, after.Rag);
        Assert.Equal(TestApp.Now.UtcDateTime, after.LastUpdatedAt);
        Assert.NotEqual(action.Version, after.Version);
        var update = after.StatusUpdates.OrderByDescending(u => u.Id).First();
        Assert.Equal("Two more schools signed up.", update.Commentary);
        Assert.Equal("Visit the remaining schools.", update.NextSteps);
        Assert.True(update.IncludeInActivityReport);
        Assert.Equal(update.Rag, update.SuggestedRag);
        Assert.Null(update.RagOverrideReason);
        Assert.Contains(published, c => c.ActionId == action.Id);

        var actor = await app.ActorAsync(Lead);
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.UserId == actor.UserId && (e.EntityId == action.Id.ToString() && e.EntityType == "Action" || e.EntityId == update.Id.ToString() && e.EntityType == "StatusUpdate"))
            .ToListAsync());
        var change = Assert.Single(audit, e => e.EntityType == "Action");
        Assert.Equal(AuditOperation.Change, change.Operation);
        Assert.Equal(actor.Name, change.UserName);
        Assert.Equal(TestApp.Now.UtcDateTime, change.RecordedAt);
        Assert.Equal(action.ProgressPercent, JsonDocument.Parse(change.Before!).RootElement.GetProperty("ProgressPercent").GetInt32());
        Assert.Equal(progress, JsonDocument.Parse(change.After!).RootElement.GetProperty("ProgressPercent").GetInt32());
        var created = Assert.Single(audit, e => e.EntityType == "StatusUpdate");
        Assert.Equal(AuditOperation.Create, created.Operation);
        Assert.Null(created.Before);
        Assert.Contains("Two more schools signed up.", created.After, StringComparison.Ordinal);
        Assert.Equal(change.ChangeSetId, created.ChangeSetId);
    }

    [Fact]
    public async Task A_lead_cannot_post_an_update_on_another_leads_action_even_with_a_forged_form_and_nothing_is_written()
    {
        var other = (await ActionsAsync(ledByPoliceLead: false))[0];
        var auditBefore = await app.WithDbAsync(db => db.AuditEntries.CountAsync());
        var forged = new StatusUpdateForm
        {
            ActionId = other.Id, Version = other.Version, Status = ActionStatus.InProgress, ProgressPercent = 99,
            Rag = RagRating.Green, SuggestedRag = RagRating.Green, Commentary = "Forged",
        };

        var result = await PostAsync(Lead, forged);

        Assert.Equal(SaveOutcome.Forbidden, result.Outcome);
        var after = await ReloadAsync(other.Id);
        Assert.Equal(other.Version, after.Version);
        Assert.Equal(other.ProgressPercent, after.ProgressPercent);
        Assert.DoesNotContain(after.StatusUpdates, u => u.Commentary == "Forged");
        Assert.Equal(auditBefore, await app.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.Null(await DraftAsync(Lead, other.Id));
    }

    [Fact]
    public async Task A_rag_other_than_the_suggestion_needs_a_reason_and_both_are_kept()
    {
        var action = (await ActionsAsync(ledByPoliceLead: false))[1];
        var draft = await DraftAsync(Coordinator, action.Id);
        FollowSuggestion(draft, ActionStatus.InProgress, action.ProgressPercent, "Steady.");
        var suggested = draft.Form.Rag;
        draft.Form.Rag = suggested == RagRating.Red ? RagRating.Amber : RagRating.Red;

        var refused = await PostAsync(Coordinator, draft.Form);

        Assert.Equal(SaveOutcome.Invalid, refused.Outcome);
        var error = Assert.Single(refused.Errors!, e => e.PropertyName == nameof(StatusUpdateForm.RagOverrideReason));
        Assert.Contains($"suggest {suggested.Label()}", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(action.Version, (await ReloadAsync(action.Id)).Version);

        draft.Form.RagOverrideReason = "The funding decision is late.";
        Assert.Equal(SaveOutcome.Saved, (await PostAsync(Coordinator, draft.Form)).Outcome);
        var update = (await ReloadAsync(action.Id)).StatusUpdates.OrderByDescending(u => u.Id).First();
        Assert.Equal(draft.Form.Rag, update.Rag);
        Assert.Equal(suggested, update.SuggestedRag);
        Assert.Equal("The funding decision is late.", update.RagOverrideReason);
    }

    [Fact]
    public async Task A_forged_suggestion_is_replaced_by_the_servers_own()
    {
        var action = (await ActionsAsync(ledByPoliceLead: false))[2];
        var draft = await DraftAsync(Coordinator, action.Id);
        FollowSuggestion(draft, ActionStatus.InProgress, action.ProgressPercent, "Steady.");
        var real = draft.Form.Rag;
        var forged = real == RagRating.Green ? RagRating.Red : RagRating.Green;
        draft.Form.Rag = forged;
        draft.Form.SuggestedRag = forged;

        var result = await PostAsync(Coordinator, draft.Form);

        Assert.Equal(SaveOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(StatusUpdateForm.RagOverrideReason));
    }

    [Fact]
    public async Task Completing_an_action_needs_complete_and_100_percent_and_sets_the_completion_date()
    {
        var action = (await ActionsAsync(ledByPoliceLead: true))[1];
        var draft = await DraftAsync(Lead, action.Id);
        draft.Form.Status = ActionStatus.Completed;
        draft.Form.ProgressPercent = 80;
        draft.Form.Rag = RagRating.Green;
        draft.Form.Commentary = "Done.";

        var refused = await PostAsync(Lead, draft.Form);
        Assert.Equal(SaveOutcome.Invalid, refused.Outcome);
        Assert.Contains(refused.Errors!, e => e.PropertyName == nameof(StatusUpdateForm.ProgressPercent));
        Assert.Contains(refused.Errors!, e => e.PropertyName == nameof(StatusUpdateForm.Rag));
        Assert.Contains(refused.Errors!, e => e.PropertyName == nameof(StatusUpdateForm.CompletedOn));

        draft.Form.ProgressPercent = 100;
        draft.Form.Rag = RagRating.Complete;
        draft.Form.CompletedOn = new DateTime(2026, 11, 20);
        Assert.Equal(SaveOutcome.Saved, (await PostAsync(Lead, draft.Form)).Outcome);
        var after = await ReloadAsync(action.Id);
        Assert.Equal(ActionStatus.Completed, after.Status);
        Assert.Equal(RagRating.Complete, after.Rag);
        Assert.Equal(new DateOnly(2026, 11, 20), after.CompletedOn);
    }

    [Fact]
    public async Task The_second_of_two_updates_from_the_same_version_is_a_conflict_listing_the_others_changes_and_can_be_merged()
    {
        var action = (await ActionsAsync(ledByPoliceLead: true))[2];
        var coordinatorDraft = await DraftAsync(Coordinator, action.Id);
        var leadDraft = await DraftAsync(Lead, action.Id);
        FollowSuggestion(coordinatorDraft, ActionStatus.InProgress, action.ProgressPercent == 70 ? 75 : 70, "Chased at the tasking meeting.");
        FollowSuggestion(leadDraft, ActionStatus.InProgress, action.ProgressPercent == 40 ? 45 : 40, "Lead's own view.");

        Assert.Equal(SaveOutcome.Saved, (await PostAsync(Coordinator, coordinatorDraft.Form)).Outcome);
        var conflict = await PostAsync(Lead, leadDraft.Form);

        Assert.Equal(SaveOutcome.Conflict, conflict.Outcome);
        var coordinator = await app.ActorAsync(Coordinator);
        Assert.Equal(coordinator.Name, conflict.Conflict!.ChangedBy);
        Assert.Contains(coordinator.Name, conflict.Message, StringComparison.Ordinal);
        var progress = Assert.Single(conflict.Conflict.Differences, d => d.Field == "Progress");
        Assert.Equal($"{coordinatorDraft.Form.ProgressPercent}%", progress.Theirs);
        Assert.Equal($"{leadDraft.Form.ProgressPercent}%", progress.Yours);
        Assert.Contains(conflict.Conflict.Differences, d => d.Field == "Commentary" && d.Theirs == "Chased at the tasking meeting." && d.Yours == "Lead's own view.");
        var kept = await ReloadAsync(action.Id);
        Assert.Equal(coordinatorDraft.Form.ProgressPercent, kept.ProgressPercent);
        Assert.DoesNotContain(kept.StatusUpdates, u => u.Commentary == "Lead's own view.");

        // Merge: keep theirs, re-apply mine on the version now saved.
        var fresh = await DraftAsync(Lead, action.Id);
        FollowSuggestion(fresh, ActionStatus.InProgress, leadDraft.Form.ProgressPercent, leadDraft.Form.Commentary);
        Assert.Equal(SaveOutcome.Saved, (await PostAsync(Lead, fresh.Form)).Outcome);
        var both = await ReloadAsync(action.Id);
        Assert.Contains(both.StatusUpdates, u => u.Commentary == "Chased at the tasking meeting.");
        Assert.Contains(both.StatusUpdates, u => u.Commentary == "Lead's own view.");
    }

    [Fact]
    public async Task Two_editors_of_the_same_action_the_second_sees_field_by_field_what_the_first_changed_and_merging_loses_nothing()
    {
        var action = (await ActionsAsync(ledByPoliceLead: false))[3];
        var first = ActionForm.From(action);
        var second = ActionForm.From(action);
        first.Title = action.Title + " (revised)";
        second.DueDate = new DateTime(2027, 3, action.DueDate?.Day == 30 ? 29 : 30);
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var actor = await app.ActorAsync(Coordinator);
        Task<SaveResult> SaveAsync(ActionForm f) => WithServiceAsync<SaveResult, ActionEditor>(e => e.SaveAsync(partnershipId, f, actor));

        Assert.Equal(SaveOutcome.Saved, (await SaveAsync(first)).Outcome);
        var conflict = await SaveAsync(second);

        Assert.Equal(SaveOutcome.Conflict, conflict.Outcome);
        var title = Assert.Single(conflict.Conflict!.Differences);
        Assert.Equal("Title", title.Field);
        Assert.Equal(first.Title, title.Theirs);
        Assert.Equal(action.Title, title.Yours);
        Assert.Equal(first.Title, (await ReloadAsync(action.Id)).Title);

        var theirs = await WithServiceAsync<Action?, ActionQueries>(q => q.FindAsync(partnershipId, action.Id, actor));
        var merged = ActionForm.From(theirs!).Merge(second);
        Assert.Equal(SaveOutcome.Saved, (await SaveAsync(merged)).Outcome);
        var after = await ReloadAsync(action.Id);
        Assert.Equal(first.Title, after.Title);
        Assert.Equal(DateOnly.FromDateTime(second.DueDate.Value), after.DueDate);
    }

    [Fact]
    public async Task The_sample_loader_is_named_in_the_audit_log() =>
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.UserName == "Sample loader" && e.EntityType == "Action" && e.Operation == AuditOperation.Create)));
}
