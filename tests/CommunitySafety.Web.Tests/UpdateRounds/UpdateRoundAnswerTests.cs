using CommunitySafety.Domain;
using CommunitySafety.Web.Features.UpdateRounds;
using CommunitySafety.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Tests.UpdateRounds;

/// <summary>
/// The owner's page behind a round link: answers are status updates under the same rules as when signed in, the
/// audit log says "(update round)", a tampered or withdrawn link changes nothing, and what a person may answer for is
/// checked again at every use.
/// </summary>
public sealed class UpdateRoundAnswerTests : IDisposable
{
    private readonly SmtpTestServer smtp = new();

    public void Dispose() => smtp.Dispose();

    private static async Task<(ReminderTestApp App, int RoundId, Func<string, string> TokenOf)> OpenAsync(SmtpTestServer smtp, params string[] also)
    {
        var app = new ReminderTestApp(smtp);
        var roundId = await Rounds.OpenTaskingRoundAsync(app, also);
        await app.SweepAsync();
        var emails = smtp.RoundEmails();
        return (app, roundId, email => Rounds.Token(emails.Single(m => m.To == email).Message));
    }

    private static Task<OwnerRound> PageAsync(ReminderTestApp app, string token, Actor? viewer = null) =>
        app.WithServiceAsync<UpdateRoundAnswers, OwnerRound>(a => a.OpenAsync(token, viewer));

    private static Task<RoundAnswerResult> AnswerAsync(ReminderTestApp app, string token, RoundAnswerInput input, Actor? viewer = null) =>
        app.WithServiceAsync<UpdateRoundAnswers, RoundAnswerResult>(a => a.AnswerAsync(token, input, viewer));

    [Fact]
    public async Task No_change_and_an_update_are_status_updates_under_the_RAG_rules_named_update_round_in_the_history_and_the_audit_log()
    {
        var (app, roundId, tokenOf) = await OpenAsync(smtp);
        using var _ = app;
        var token = tokenOf("marc.tarbit@safermk.example");
        var page = await PageAsync(app, token);
        Assert.Equal(RoundLinkState.Valid, page.State);
        Assert.Equal(["VC-04", "VC-05", "ASB-05", "ASB-07", "ASB-08"], page.Actions!.Select(a => a.Reference));
        Assert.All(page.Actions!, a => Assert.False(a.Answered));

        // No change: one press where the rating still stands.
        var steady = page.Actions!.First(a => !a.NoChangeNeedsReason);
        Assert.True((await AnswerAsync(app, token, new RoundAnswerInput { ActionId = steady.Id, Version = steady.Version, Kind = RoundAnswerInput.NoChange })).Saved);
        var confirmed = await app.WithDbAsync(db => db.StatusUpdates.Where(u => u.ActionId == steady.Id).OrderByDescending(u => u.Id).FirstAsync());
        Assert.Equal((steady.Status, steady.Rag, steady.ProgressPercent), (confirmed.Status, confirmed.Rag, confirmed.ProgressPercent));
        Assert.StartsWith("No change since the last update (confirmed for the Tasking Board meeting on Tuesday 8 December 2026).", confirmed.Commentary);
        Assert.Equal("Marc Tarbit (update round)", confirmed.AuthorName);
        Assert.Equal(TestApp.Now.UtcDateTime, confirmed.RecordedAt);

        // An update with a rating the rules do not suggest needs a reason, as signed in.
        var other = page.Actions!.First(a => a.Id != steady.Id);
        var unexplained = await AnswerAsync(app, token, new RoundAnswerInput
        {
            ActionId = other.Id, Version = other.Version, Kind = RoundAnswerInput.Update, Status = "InProgress", Progress = "70",
            Rag = other.IfUnchanged.Rating == RagRating.Red ? "Amber" : "Red", Commentary = "Two of three sites done.",
        });
        Assert.False(unexplained.Saved);
        Assert.Contains("say why you rate it", unexplained.Errors![nameof(RoundAnswerInput.Reason)]);
        var bad = await AnswerAsync(app, token, new RoundAnswerInput { ActionId = other.Id, Version = other.Version, Kind = RoundAnswerInput.Update, Status = "Sideways", Progress = "120" });
        Assert.Equal([nameof(RoundAnswerInput.Commentary), nameof(RoundAnswerInput.Progress), nameof(RoundAnswerInput.Rag), nameof(RoundAnswerInput.Status)], bad.Errors!.Keys.Order());

        var updated = await AnswerAsync(app, token, new RoundAnswerInput
        {
            ActionId = other.Id, Version = other.Version, Kind = RoundAnswerInput.Update, Status = "InProgress", Progress = "70",
            Rag = RoundAnswerInput.SuggestedRag, Commentary = "Two of three sites done.", NextSteps = "Third site in January.",
        });
        Assert.True(updated.Saved, updated.Message);
        var update = await app.WithDbAsync(db => db.StatusUpdates.Where(u => u.ActionId == other.Id).OrderByDescending(u => u.Id).FirstAsync());
        Assert.Equal((70, "Two of three sites done.", "Third site in January."), (update.ProgressPercent, update.Commentary, update.NextSteps));
        Assert.Equal(update.SuggestedRag, update.Rag);

        var after = await PageAsync(app, token);
        Assert.Equal(2, after.Actions!.Count(a => a.Answered));
        var audit = await app.WithDbAsync(db => db.AuditEntries.ToListAsync());
        Assert.Contains(audit, e => e.EntityType == nameof(StatusUpdate) && e.UserName == "Marc Tarbit (update round)");
        Assert.Contains(audit, e => e.EntityType == nameof(UpdateRound) && e.EntityId == roundId.ToString(System.Globalization.CultureInfo.InvariantCulture)
                                    && e.UserName == "Melanie Marshman (update round)");

        // The board sees it: 2 of the round's 12 actions.
        var safermk = await app.PartnershipIdAsync("safermk");
        var board = await app.ActorAsync("board@safermk.example");
        var meeting = Assert.Single(await app.WithServiceAsync<UpdateRoundQueries, IReadOnlyList<RoundForMeeting>>(q => q.ForMeetingsAsync(safermk, board, null, includeRestricted: false)));
        Assert.Equal("Updated for this meeting: 2 of 12 actions (17%)", meeting.Completeness.Text);
        Assert.Equal(10, meeting.NotUpdated.Count);
        Assert.Contains(meeting.NotUpdated, a => a.Reference == "VC-03" && a.Owners == "Melanie Marshman");
        Assert.Contains(meeting.NotUpdated, a => a.Reference == "ASB-08" && a.Owners == "Marc Tarbit and Inspector Nick Glister");
    }

    [Fact]
    public async Task A_tampered_link_another_owners_action_a_withdrawn_link_and_a_stale_page_change_nothing_and_a_resend_keeps_old_links_working()
    {
        var (app, roundId, tokenOf) = await OpenAsync(smtp);
        using var _ = app;
        var marc = tokenOf("marc.tarbit@safermk.example");
        var gavin = tokenOf("gavin.sandmann@safermk.example");
        var marcsAction = (await PageAsync(app, marc)).Actions![0];
        Task<int> Updates() => app.WithDbAsync(db => db.StatusUpdates.CountAsync());
        var before = await Updates();

        var tampered = marc[..^1] + (marc[^1] == 'A' ? 'B' : 'A');
        Assert.Equal(RoundLinkState.NotRecognised, (await PageAsync(app, tampered)).State);
        Assert.Equal(RoundLinkState.NotRecognised, (await PageAsync(app, "not-a-token")).State);
        var forged = await AnswerAsync(app, tampered, new RoundAnswerInput { ActionId = marcsAction.Id, Version = marcsAction.Version, Kind = RoundAnswerInput.NoChange });
        Assert.False(forged.Saved);
        Assert.Contains("not recognised", forged.Message);
        var notHis = await AnswerAsync(app, gavin, new RoundAnswerInput { ActionId = marcsAction.Id, Version = marcsAction.Version, Kind = RoundAnswerInput.NoChange });
        Assert.Equal("That action is not one of yours in this round. Nothing has been changed.", notHis.Message);
        var stale = await AnswerAsync(app, marc, new RoundAnswerInput { ActionId = marcsAction.Id, Version = Guid.NewGuid(), Kind = RoundAnswerInput.NoChange, Reason = "As before." });
        Assert.Contains("updated by someone else", stale.Message);
        Assert.Equal(before, await Updates());

        // Resend to Marc: a new email with a new link; the first email's link still works.
        var safermk = await app.PartnershipIdAsync("safermk");
        var coordinator = await app.ActorAsync(Rounds.Coordinator);
        var marcId = await app.WithDbAsync(db => db.People.Where(p => p.Email == "marc.tarbit@safermk.example").Select(p => p.Id).SingleAsync());
        smtp.Clear();
        Assert.True((await app.WithServiceAsync<UpdateRoundService, RoundChange>(s => s.ResendAsync(safermk, roundId, marcId, coordinator))).Done);
        await app.SweepAsync();
        var second = Rounds.Token(Assert.Single(smtp.RoundEmails()).Message);
        Assert.NotEqual(marc, second);
        Assert.Equal(RoundLinkState.Valid, (await PageAsync(app, marc)).State);
        Assert.Equal(RoundLinkState.Valid, (await PageAsync(app, second)).State);

        // Withdrawn: both of Marc's links stop at once; nobody else's does.
        var lead = await app.ActorAsync("lead.police@safermk.example");
        Assert.False((await app.WithServiceAsync<UpdateRoundService, RoundChange>(s => s.RevokeLinksAsync(safermk, roundId, marcId, lead))).Done);
        Assert.True((await app.WithServiceAsync<UpdateRoundService, RoundChange>(s => s.RevokeLinksAsync(safermk, roundId, marcId, coordinator))).Done);
        var revoked = await PageAsync(app, marc);
        Assert.Equal(RoundLinkState.Revoked, revoked.State);
        Assert.Contains("withdrawn by the partnership", revoked.Problem);
        Assert.Equal(RoundLinkState.Revoked, (await PageAsync(app, second)).State);
        Assert.False((await AnswerAsync(app, second, new RoundAnswerInput { ActionId = marcsAction.Id, Version = marcsAction.Version, Kind = RoundAnswerInput.NoChange })).Saved);
        Assert.Equal(RoundLinkState.Valid, (await PageAsync(app, gavin)).State);
        Assert.Equal(before, await Updates());

        // Closed by the coordinator: links say so.
        Assert.True((await app.WithServiceAsync<UpdateRoundService, RoundChange>(s => s.CloseAsync(safermk, roundId, coordinator))).Done);
        Assert.Equal(RoundLinkState.Closed, (await PageAsync(app, gavin)).State);
    }

    [Fact]
    public async Task A_restricted_action_is_on_its_cleared_owners_page_only_signed_in_as_them_in_the_private_part_only_and_goes_the_moment_clearance_does()
    {
        var (app, _, tokenOf) = await OpenAsync(smtp, "DA-03");
        using var __ = app;
        var melanie = tokenOf("melanie.marshman@safermk.example");
        var herAccount = await app.ActorAsync(Rounds.Coordinator);

        // The link alone (a forwarded email, say) names no restricted action and cannot answer one.
        var signedOut = await PageAsync(app, melanie);
        Assert.DoesNotContain(signedOut.Actions!, a => a.Reference == "DA-03");
        Assert.Equal(1, signedOut.HiddenRestricted);
        var dhr = Assert.Single((await PageAsync(app, melanie, herAccount)).Actions!, a => a.Reference == "DA-03");
        Assert.True(dhr.IsRestricted);
        var byLinkAlone = await AnswerAsync(app, melanie, new RoundAnswerInput { ActionId = dhr.Id, Version = dhr.Version, Kind = RoundAnswerInput.NoChange, Reason = "As before." });
        Assert.Equal("That action is not one of yours in this round. Nothing has been changed.", byLinkAlone.Message);
        Assert.Equal(0, (await PageAsync(app, melanie, await app.ActorAsync("cleared.board@safermk.example"))).Actions!.Count(a => a.IsRestricted));

        var safermk = await app.PartnershipIdAsync("safermk");
        var cleared = await app.ActorAsync("cleared.board@safermk.example");
        Task<IReadOnlyList<RoundForMeeting>> ForMeetingAsync(Actor actor, bool restricted) =>
            app.WithServiceAsync<UpdateRoundQueries, IReadOnlyList<RoundForMeeting>>(q => q.ForMeetingsAsync(safermk, actor, null, restricted));
        Assert.Equal(13, Assert.Single(await ForMeetingAsync(cleared, true)).Completeness.Total);
        var publicPart = Assert.Single(await ForMeetingAsync(cleared, false));
        Assert.Equal(12, publicPart.Completeness.Total);
        Assert.DoesNotContain(publicPart.NotUpdated, a => a.Reference == "DA-03");
        Assert.Equal(12, Assert.Single(await ForMeetingAsync(await app.ActorAsync("board@safermk.example"), true)).Completeness.Total);

        // Melanie loses her clearance: DA-03 leaves her page and cannot be answered through her link.
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == Rounds.Coordinator);
            return await db.UserClaims.Where(c => c.UserId == user.Id && c.ClaimType == AppClaims.Cleared).ExecuteDeleteAsync();
        });
        var withdrawn = await PageAsync(app, melanie, herAccount);
        Assert.DoesNotContain(withdrawn.Actions!, a => a.Reference == "DA-03");
        Assert.Equal(0, withdrawn.HiddenRestricted);
        var refused = await AnswerAsync(app, melanie, new RoundAnswerInput { ActionId = dhr.Id, Version = dhr.Version, Kind = RoundAnswerInput.NoChange, Reason = "As before." }, herAccount);
        Assert.Equal("That action is not one of yours in this round. Nothing has been changed.", refused.Message);
    }

    [Fact]
    public async Task A_deputy_answers_for_the_action_he_deputises_on_and_it_counts_for_the_lead_too()
    {
        var (app, _, tokenOf) = await OpenAsync(smtp);
        using var _ = app;
        var nick = tokenOf("nick.glister@safermk.example");
        var cctv = Assert.Single((await PageAsync(app, nick)).Actions!);
        Assert.Equal("ASB-08", cctv.Reference);
        await UpdateRoundEmailTests.AnswerUnchangedOrWithReasonAsync(app, nick, cctv);

        var marcsView = await PageAsync(app, tokenOf("marc.tarbit@safermk.example"));
        var answered = Assert.Single(marcsView.Actions!, a => a.Reference == "ASB-08");
        Assert.True(answered.Answered);
        Assert.Equal("Inspector Nick Glister (update round)", answered.AnsweredBy);
    }
}
