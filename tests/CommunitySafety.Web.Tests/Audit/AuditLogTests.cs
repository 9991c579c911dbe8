using System.Text.RegularExpressions;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Audit;
using CommunitySafety.Web.Features.StatusUpdates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Audit;

/// <summary>
/// The audit log as a coordinator reads it: their own partnership's, in sentences, filtered by action, person and
/// date; administrators read every partnership's; restricted items only for the cleared. On the run's real database.
/// </summary>
public partial class AuditLogTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Coordinator = "coordinator@safermk.example";

    private async Task<T> WithServiceAsync<T, TService>(Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private Task<AuditPage> SearchAsync(Actor actor, AuditFilter filter, int take = 25) =>
        WithServiceAsync<AuditPage, AuditLogQueries>(q => q.SearchAsync(actor, filter, 0, take));

    private Task<Action> ByReferenceAsync(string reference) => app.WithDbAsync(db => db.Actions.AsNoTracking()
        .SingleAsync(a => a.Reference == reference && a.Priority!.Strategy!.Partnership!.Slug == "safermk"));

    /// <summary>Posts an update through the service the pages use, rating it as given (with a reason when that is not the suggestion).</summary>
    private async Task PostAsync(Action action, RagRating rag, string commentary, string? reason = null)
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var actor = await app.ActorAsync(Coordinator);
        var result = await WithServiceAsync<SaveResult, StatusUpdateService>(async s =>
        {
            var draft = (await s.PrepareAsync(partnershipId, action.Id, actor))!;
            draft.Form.Rag = rag;
            draft.Form.RagOverrideReason = reason;
            draft.Form.Commentary = commentary;
            return await s.PostAsync(partnershipId, draft.Form, actor);
        });
        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public async Task A_coordinator_reads_an_overridden_rating_in_their_own_partnerships_log_as_a_sentence()
    {
        var action = await ByReferenceAsync("VC-03");
        Assert.Equal(RagRating.Red, action.Rag);
        await PostAsync(action, RagRating.Amber, "The board agreed a revised draft.", "the revised draft is with the board");
        var coordinator = await app.ActorAsync(Coordinator);

        var page = await SearchAsync(coordinator, new AuditFilter { PartnershipId = await app.PartnershipIdAsync("safermk"), ActionId = action.Id });

        var latest = page.Rows[0];
        Assert.Equal("Melanie Marshman", latest.Who);
        Assert.Equal(TestApp.Now.UtcDateTime, latest.At);
        Assert.Contains("Melanie Marshman changed VC-03 RAG from Red to Amber — reason: the revised draft is with the board.", latest.Sentences);
        Assert.Contains(latest.Sentences, s => s.StartsWith("Melanie Marshman posted a status update on VC-03 (RAG Amber, in progress, 70%): “The board agreed a revised draft.”", StringComparison.Ordinal));
        // The action's own creation by the sample loader is in its log too.
        Assert.Contains(page.Rows, r => r.Who == "Sample loader" && r.Sentences.Any(s => s.StartsWith("Sample loader added VC-03 “Violence reduction", StringComparison.Ordinal)));
    }

    /// <summary>JSON, GUIDs, ISO dates and times, enum members and property names ("InProgress", "LeadPersonId").</summary>
    [GeneratedRegex(@"[{}\[\]""]|\b[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}|\b[A-Z][a-z]+[A-Z][a-z]+(Id)?\b|\b[A-Za-z]+Id\b")]
    private static partial Regex Machinery();

    [GeneratedRegex("“[^”]*”")]
    private static partial Regex Quoted();

    [Fact]
    public async Task The_log_shows_no_json_guids_enum_members_field_names_or_iso_timestamps()
    {
        var action = await ByReferenceAsync("VC-04");
        var form = ActionForm.From(action);
        form.DueDate = new DateTime(2027, 2, 26);
        form.LeadPersonId = await app.WithDbAsync(db => db.People.Where(p => p.Partnership!.Slug == "safermk" && p.Id != action.LeadPersonId).Select(p => p.Id).FirstAsync());
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var coordinator = await app.ActorAsync(Coordinator);
        Assert.True((await WithServiceAsync<SaveResult, ActionEditor>(e => e.SaveAsync(partnershipId, form, coordinator))).Succeeded);
        await PostAsync(action, RagRating.Green, "Completed the last of the schools.");

        // Filtered by action, the sample's one big save shows every entry about that action.
        var sentences = new List<string>();
        foreach (var id in await app.WithDbAsync(db => db.Actions.Where(a => a.Priority!.Strategy!.PartnershipId == partnershipId).Select(a => a.Id).ToListAsync()))
        {
            sentences.AddRange((await SearchAsync(coordinator, new AuditFilter { PartnershipId = partnershipId, ActionId = id })).Rows.SelectMany(r => r.Sentences));
        }

        sentences.AddRange((await SearchAsync(coordinator, new AuditFilter { PartnershipId = partnershipId })).Rows.SelectMany(r => r.Sentences));
        Assert.True(sentences.Count > 100, $"{sentences.Count} sentences");
        // What people typed (quoted) is theirs; everything around it is the app's wording.
        var machinery = sentences.Where(s => Machinery().IsMatch(Quoted().Replace(s, "“…”"))).ToList();
        Assert.True(machinery.Count == 0, string.Join(Environment.NewLine, machinery));
        var lead = await app.WithDbAsync(db => db.People.Where(p => p.Id == form.LeadPersonId).Select(p => p.Name).SingleAsync());
        Assert.Contains(sentences, s => s.Contains($"changed VC-04 lead from Marc Tarbit to {lead} and due date from 31 Mar 2027 to 26 Feb 2027", StringComparison.Ordinal)
                                        || s.Contains($"changed VC-04 due date from 31 Mar 2027 to 26 Feb 2027 and lead from Marc Tarbit to {lead}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_coordinator_reads_only_their_own_partnership_and_administrators_read_every_partnership()
    {
        var safermk = await app.PartnershipIdAsync("safermk");
        var melton = await app.PartnershipIdAsync("melton");

        Assert.NotEmpty((await SearchAsync(await app.ActorAsync("coordinator@melton.example"), new AuditFilter { PartnershipId = melton })).Rows);
        Assert.Empty((await SearchAsync(await app.ActorAsync("coordinator@melton.example"), new AuditFilter { PartnershipId = safermk })).Rows);
        Assert.Empty((await SearchAsync(await app.ActorAsync(Coordinator), new AuditFilter())).Rows);
        foreach (var reader in new[] { "board@safermk.example", "lead.police@safermk.example", "scrutiny@safermk.example" })
        {
            Assert.Empty((await SearchAsync(await app.ActorAsync(reader), new AuditFilter { PartnershipId = safermk })).Rows);
        }

        var everything = await SearchAsync(await app.ActorAsync("admin@safermk.example"), new AuditFilter { Person = "Sample loader" }, take: 500);
        Assert.Contains(everything.Rows, r => r.Partnership == "SaferMK Partnership");
        Assert.Contains(everything.Rows, r => r.Partnership == "Melton Community Safety Partnership");
        var meltonOnly = await SearchAsync(await app.ActorAsync("admin@safermk.example"), new AuditFilter { PartnershipId = melton, Person = "Sample loader" }, take: 500);
        Assert.All(meltonOnly.Rows, r => Assert.Equal("Melton Community Safety Partnership", r.Partnership));
        Assert.True(everything.Total > meltonOnly.Total);
    }

    [Fact]
    public async Task Entries_about_restricted_items_are_shown_only_to_readers_cleared_now()
    {
        var safermk = await app.PartnershipIdAsync("safermk");
        var cleared = await app.ActorAsync(Coordinator);
        Assert.True(cleared.IsCleared);
        var notCleared = cleared with { IsCleared = false };
        var restricted = await app.WithDbAsync(db => db.Actions.AsNoTracking().FirstAsync(a => a.IsRestricted && a.Priority!.Strategy!.Partnership!.Slug == "safermk"));
        var restrictedMilestone = await app.WithDbAsync(db => db.Milestones.AsNoTracking().FirstAsync(m => m.IsRestricted && m.Partnership!.Slug == "safermk"));

        // An action restricted after it was changed: its earlier entries go too.
        var later = await ByReferenceAsync("ASB-07");
        await PostAsync(later, RagRating.Green, "Night-time economy patrols resumed.");
        var form = ActionForm.From(await ByReferenceAsync("ASB-07"));
        form.IsRestricted = true;
        Assert.True((await WithServiceAsync<SaveResult, ActionEditor>(e => e.SaveAsync(safermk, form, cleared))).Succeeded);

        // A restricted milestone changed on its own, so its entry is a save of its own.
        await app.WithDbAsync(async db =>
        {
            db.Author = CommunitySafety.Web.Data.AuditAuthor.Of(cleared);
            (await db.Milestones.SingleAsync(m => m.Id == restrictedMilestone.Id)).Description = "Moved to the private session.";
            return await db.SaveChangesAsync();
        });

        foreach (var (id, name) in new[] { (restricted.Id, restricted.Reference), (later.Id, later.Reference) })
        {
            Assert.NotEmpty((await SearchAsync(cleared, new AuditFilter { PartnershipId = safermk, ActionId = id })).Rows);
            Assert.Empty((await SearchAsync(notCleared, new AuditFilter { PartnershipId = safermk, ActionId = id })).Rows);
        }

        var all = (await SearchAsync(notCleared, new AuditFilter { PartnershipId = safermk, Person = cleared.Name }, take: 1000)).Rows.SelectMany(r => r.Sentences).ToList();
        Assert.NotEmpty(all);
        Assert.DoesNotContain(all, s => s.Contains($" {restricted.Reference} ", StringComparison.Ordinal) || s.Contains($" {later.Reference} ", StringComparison.Ordinal));
        Assert.DoesNotContain(all, s => s.Contains(restrictedMilestone.Title, StringComparison.Ordinal));
        var clearedAll = (await SearchAsync(cleared, new AuditFilter { PartnershipId = safermk, Person = cleared.Name }, take: 1000)).Rows.SelectMany(r => r.Sentences).ToList();
        Assert.Contains($"Melanie Marshman changed the milestone “{restrictedMilestone.Title}” description from “{restrictedMilestone.Description}” to “Moved to the private session.”.", clearedAll);
        Assert.Contains(clearedAll, s => s.Contains($" {later.Reference} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_log_filters_by_person_and_by_london_date()
    {
        var safermk = await app.PartnershipIdAsync("safermk");
        var coordinator = await app.ActorAsync(Coordinator);
        await PostAsync(await ByReferenceAsync("ENG-02"), RagRating.Amber, "Survey design agreed.");

        var options = await WithServiceAsync<AuditFilterOptions, AuditLogQueries>(q => q.FilterOptionsAsync(coordinator, safermk));
        Assert.Contains("Melanie Marshman", options.People);
        Assert.Contains("Sample loader", options.People);
        Assert.Contains(options.Actions, a => a.Name.StartsWith("ENG-02 · ", StringComparison.Ordinal));

        var byMelanie = await SearchAsync(coordinator, new AuditFilter { PartnershipId = safermk, Person = "Melanie Marshman" });
        Assert.NotEmpty(byMelanie.Rows);
        Assert.All(byMelanie.Rows, r => Assert.Equal("Melanie Marshman", r.Who));
        var today = new DateOnly(2026, 11, 24);
        Assert.NotEmpty((await SearchAsync(coordinator, new AuditFilter { PartnershipId = safermk, Person = "Melanie Marshman", From = today, To = today })).Rows);
        Assert.Empty((await SearchAsync(coordinator, new AuditFilter { PartnershipId = safermk, Person = "Melanie Marshman", To = today.AddDays(-1) })).Rows);
        Assert.Empty((await SearchAsync(coordinator, new AuditFilter { PartnershipId = safermk, Person = "Melanie Marshman", From = today.AddDays(1) })).Rows);
    }

    [Fact]
    public async Task Entries_cannot_be_changed_or_deleted()
    {
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).FirstAsync());

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            var stored = await db.AuditEntries.SingleAsync(e => e.Id == entry.Id);
            stored.UserName = "Someone else";
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(e => e.Id == entry.Id));
            return await db.SaveChangesAsync();
        }));
    }
}
