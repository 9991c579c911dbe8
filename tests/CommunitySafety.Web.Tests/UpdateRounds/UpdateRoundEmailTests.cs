using System.Text.RegularExpressions;
using CommunitySafety.Domain;
using CommunitySafety.Tests.Reminders;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Features.UpdateRounds;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Xunit.Abstractions;

namespace CommunitySafety.Tests.UpdateRounds;

/// <summary>What the update round tests share: the SaferMK Tasking Board's round for its meeting on 8 December 2026.</summary>
internal static class Rounds
{
    public static readonly DateTime TaskingMeeting = new(2026, 12, 8, 10, 0, 0, DateTimeKind.Utc);

    public static readonly Regex RoundLink = new($"{Regex.Escape(ReminderTestApp.BaseUrl)}/round/([A-Za-z0-9_-]{{43}})");

    public const string Coordinator = "coordinator@safermk.example";

    public static async Task<(int Partnership, RoundRequest Request)> TaskingRequestAsync(ReminderTestApp app, params string[] alsoReferences)
    {
        var safermk = await app.PartnershipIdAsync("safermk");
        var actor = await app.ActorAsync(Coordinator);
        var setup = await app.WithServiceAsync<UpdateRoundQueries, RoundSetup>(q => q.SetupAsync(safermk, actor));
        var board = setup.Boards.Single(b => b.Name == "Tasking Board");
        var meeting = board.Meetings.Single(m => m.StartsAt == TaskingMeeting);
        var extra = setup.Actions.Where(a => alsoReferences.Contains(a.Reference)).Select(a => a.Id);
        return (safermk, new RoundRequest(board.Id, meeting.Id, meeting.DefaultDeadline, [.. setup.DefaultActions(board.Id), .. extra]));
    }

    public static async Task<int> OpenTaskingRoundAsync(ReminderTestApp app, params string[] alsoReferences)
    {
        var (safermk, request) = await TaskingRequestAsync(app, alsoReferences);
        var actor = await app.ActorAsync(Coordinator);
        var opened = await app.WithServiceAsync<UpdateRoundService, RoundOpened>(s => s.OpenAsync(safermk, request, actor));
        Assert.True(opened.RoundId is not null, opened.Message);
        return opened.RoundId!.Value;
    }

    public static string Token(MimeMessage message) => RoundLink.Match(message.TextBody ?? "").Groups[1].Value;

    /// <summary>The round's emails among what arrived: the daily scan sends the day's digests too.</summary>
    public static List<(string To, MimeMessage Message)> RoundEmails(this SmtpTestServer smtp) =>
        [.. smtp.Messages().Where(m => (m.Message.Subject ?? "").Contains("Tasking Board", StringComparison.Ordinal))];
}

/// <summary>
/// Update round emails through the real SMTP server: one per owner with one personal link, nothing twice whatever is
/// rerun, chasers only to those who have not answered, and bad input refused before anything is written.
/// </summary>
public sealed class UpdateRoundEmailTests(ITestOutputHelper output) : IDisposable
{
    private readonly SmtpTestServer smtp = new();

    public void Dispose() => smtp.Dispose();

    private static string Text(MimeMessage m) => m.TextBody ?? "";

    private async Task ScanAndSweepAsync(ReminderTestApp app)
    {
        await app.WithServiceAsync<ReminderScanner, int>(s => s.ScanAsync());
        await app.SweepAsync();
    }

    [Fact]
    public async Task Opening_a_round_emails_each_owner_once_with_all_their_actions_and_one_personal_link_and_a_rerun_sends_nothing()
    {
        using var app = new ReminderTestApp(smtp);
        var (safermk, request) = await Rounds.TaskingRequestAsync(app, "DA-03");
        var coordinator = await app.ActorAsync(Rounds.Coordinator);
        var preview = await app.WithServiceAsync<UpdateRoundService, RoundPreview>(s => s.PreviewAsync(safermk, request, coordinator));
        Assert.Empty(preview.Problems);
        Assert.Empty(preview.CannotBeReached);
        Assert.Equal(
            ["Colin Wilderspin", "Gavin Sandmann", "Inspector Nick Glister", "Karen Morris", "Marc Tarbit", "Melanie Marshman"],
            preview.Asked.Select(o => o.Name));
        Assert.Empty(smtp.Messages());

        var opened = await app.WithServiceAsync<UpdateRoundService, RoundOpened>(s => s.OpenAsync(safermk, request, coordinator));
        Assert.NotNull(opened.RoundId);
        await app.SweepAsync();

        var messages = smtp.Messages();
        Assert.Equal(preview.Asked.Count, messages.Count);
        Assert.Equal(messages.Count, messages.Select(m => m.To).Distinct().Count());
        var marc = Assert.Single(messages, m => m.To == "marc.tarbit@safermk.example").Message;
        Assert.Contains("Tasking Board, Tuesday 8 December 2026: please update your 5 actions by Tuesday 1 December 2026", marc.Subject);
        foreach (var reference in new[] { "VC-04", "VC-05", "ASB-05", "ASB-07", "ASB-08" }) Assert.Contains(reference, Text(marc));
        Assert.Contains("Now: Green, In progress", Text(marc));
        Assert.Contains("Last update (", Text(marc));
        Assert.Single(Rounds.RoundLink.Matches(Text(marc)));
        Assert.Contains("/round/", marc.HtmlBody);
        // The deputy is asked about the action he deputises on, and only that one.
        var nick = Assert.Single(messages, m => m.To == "nick.glister@safermk.example").Message;
        Assert.Contains("ASB-08", Text(nick));
        Assert.DoesNotContain("VC-04", Text(nick));
        // The restricted DHR action goes only to its cleared owner.
        Assert.Contains("DA-03", Text(Assert.Single(messages, m => m.To == "melanie.marshman@safermk.example").Message));
        Assert.All(messages.Where(m => m.To != "melanie.marshman@safermk.example"), m => Assert.DoesNotContain("DA-03", Text(m.Message) + m.Message.HtmlBody));

        // Sweeps, scans and a second opening for the same meeting send nothing more and write nothing.
        await app.SweepAsync();
        await ScanAndSweepAsync(app);
        var rounds = await app.WithDbAsync(db => db.UpdateRounds.CountAsync());
        var again = await app.WithServiceAsync<UpdateRoundService, RoundOpened>(s => s.OpenAsync(safermk, request, coordinator));
        Assert.Null(again.RoundId);
        Assert.Contains("already has an update round", again.Message);
        Assert.Equal(rounds, await app.WithDbAsync(db => db.UpdateRounds.CountAsync()));
        await app.SweepAsync();
        Assert.Equal(messages.Count, smtp.RoundEmails().Count);
        Figures.Print(output, $"Update round opened: {preview.Asked.Count} owners asked, {smtp.RoundEmails().Count} emails received after reruns, 0 duplicated");
    }

    [Fact]
    public async Task With_the_mail_server_down_then_up_each_owner_gets_their_email_once()
    {
        using var app = new ReminderTestApp(smtp);
        smtp.Stop();
        await Rounds.OpenTaskingRoundAsync(app);
        await app.SweepAsync();
        var waiting = await app.WithDbAsync(db => db.ReminderNotices.Where(n => n.ItemType == ReminderItemType.UpdateRound).ToListAsync());
        Assert.All(waiting, n => Assert.Equal((ReminderStatus.Pending, 1), (n.Status, n.Attempts)));

        smtp.Start();
        app.Clock.Advance(ReminderRetry.DelayAfter(1));
        await app.SweepAsync();
        app.Clock.Advance(TimeSpan.FromHours(3));
        await app.SweepAsync();
        var messages = smtp.Messages();
        Assert.Equal(waiting.Count, messages.Count);
        Assert.Equal(messages.Count, messages.Select(m => m.To).Distinct().Count());
        // The links of the attempt that never left were withdrawn; each email that arrived carries one that works.
        foreach (var (_, message) in messages)
        {
            Assert.Equal(RoundLinkState.Valid, (await app.WithServiceAsync<UpdateRoundAnswers, OwnerRound>(a => a.OpenAsync(Rounds.Token(message)))).State);
        }
    }

    [Fact]
    public async Task Chasers_go_3_days_before_and_on_the_deadline_only_to_owners_who_have_not_answered_then_the_coordinator_and_chair_get_the_list()
    {
        using var app = new ReminderTestApp(smtp);
        await Rounds.OpenTaskingRoundAsync(app);
        await app.SweepAsync();
        var asked = smtp.Messages();
        string TokenOf(string email) => Rounds.Token(asked.Single(m => m.To == email).Message);

        // Marc answers for all five of his actions; Colin for one of his two.
        var marc = await app.WithServiceAsync<UpdateRoundAnswers, OwnerRound>(a => a.OpenAsync(TokenOf("marc.tarbit@safermk.example")));
        foreach (var action in marc.Actions!) await AnswerUnchangedOrWithReasonAsync(app, TokenOf("marc.tarbit@safermk.example"), action);
        var colin = await app.WithServiceAsync<UpdateRoundAnswers, OwnerRound>(a => a.OpenAsync(TokenOf("colin.wilderspin@safermk.example")));
        await AnswerUnchangedOrWithReasonAsync(app, TokenOf("colin.wilderspin@safermk.example"), colin.Actions![0]);

        // Every day to the meeting at 07:00, twice over: the ledger lets each occasion through once.
        var received = new Dictionary<DateOnly, List<(string To, MimeMessage Message)>>();
        for (var day = new DateOnly(2026, 11, 25); day <= new DateOnly(2026, 12, 8); day = day.AddDays(1))
        {
            smtp.Clear();
            app.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero));
            await ScanAndSweepAsync(app);
            await ScanAndSweepAsync(app);
            if (smtp.RoundEmails().Count > 0) received[day] = smtp.RoundEmails();
        }

        Assert.Equal([new DateOnly(2026, 11, 28), new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2)], received.Keys.Order());
        // Nick was asked only as ASB-08's deputy, and Marc's answer for it answered for him too: he is not chased.
        var notAnswered = new[] { "colin.wilderspin@safermk.example", "gavin.sandmann@safermk.example", "karen.morris@safermk.example",
            "melanie.marshman@safermk.example" };
        Assert.Equal(notAnswered, received[new DateOnly(2026, 11, 28)].Select(m => m.To).Order());
        Assert.Equal(notAnswered, received[new DateOnly(2026, 12, 1)].Select(m => m.To).Order());
        var early = received[new DateOnly(2026, 11, 28)].Single(m => m.To == "colin.wilderspin@safermk.example").Message;
        Assert.StartsWith("Reminder: 1 action still to update", early.Subject);
        Assert.DoesNotContain(colin.Actions[0].Reference, Text(early));
        Assert.StartsWith("Today is the deadline", received[new DateOnly(2026, 12, 1)][0].Message.Subject);

        // After the deadline: the coordinator who opened it and the Tasking Board's chair (Marc), once each.
        var lists = received[new DateOnly(2026, 12, 2)];
        Assert.Equal(["marc.tarbit@safermk.example", "melanie.marshman@safermk.example"], lists.Select(m => m.To).Order());
        var list = lists.Single(m => m.To == "marc.tarbit@safermk.example").Message;
        Assert.Contains("not updated by the deadline", list.Subject);
        Assert.Contains("Owner: Gavin Sandmann", Text(list));
        Assert.DoesNotContain("VC-04", Text(list));

        // The meeting has started: the round is closed and its links say so.
        app.Clock.SetUtcNow(new DateTimeOffset(Rounds.TaskingMeeting));
        var closed = await app.WithServiceAsync<UpdateRoundAnswers, OwnerRound>(a => a.OpenAsync(TokenOf("gavin.sandmann@safermk.example")));
        Assert.Equal(RoundLinkState.Closed, closed.State);
        Assert.Contains("closed: it was for the Tasking Board meeting on Tuesday 8 December 2026", closed.Problem);
        Figures.Print(output, $"Update round chasers: 28 Nov {received[new DateOnly(2026, 11, 28)].Count}, 1 Dec {received[new DateOnly(2026, 12, 1)].Count}, lists 2 Dec {lists.Count}; none on the 11 other days, none twice");
    }

    /// <summary>"No change", with a reason where the rules now suggest another rating and no earlier reason stands.</summary>
    internal static async Task AnswerUnchangedOrWithReasonAsync(ReminderTestApp app, string token, OwnerAction action)
    {
        var result = await app.WithServiceAsync<UpdateRoundAnswers, RoundAnswerResult>(a => a.AnswerAsync(token, new RoundAnswerInput
        {
            ActionId = action.Id, Version = action.Version, Kind = RoundAnswerInput.NoChange,
            Reason = action.NoChangeNeedsReason ? "Still as reported: the board agreed this rating in October." : null,
        }));
        Assert.True(result.Saved, result.Message + string.Join("; ", result.Errors?.Values ?? []));
    }

    [Fact]
    public async Task A_round_with_no_actions_a_deadline_after_the_meeting_or_an_owner_without_an_email_address_is_refused_with_a_clear_message_and_nothing_written()
    {
        using var app = new ReminderTestApp(smtp);
        var (safermk, request) = await Rounds.TaskingRequestAsync(app);
        var coordinator = await app.ActorAsync(Rounds.Coordinator);
        Task<int> Written() => app.WithDbAsync(async db => await db.UpdateRounds.CountAsync() + await db.UpdateRoundActions.CountAsync() + await db.ReminderNotices.CountAsync());
        var before = await Written();

        var empty = await app.WithServiceAsync<UpdateRoundService, RoundOpened>(s => s.OpenAsync(safermk, request with { ActionIds = [] }, coordinator));
        Assert.Null(empty.RoundId);
        Assert.Contains("Put at least one action in the round.", empty.Message);

        var late = await app.WithServiceAsync<UpdateRoundService, RoundOpened>(s => s.OpenAsync(safermk, request with { Deadline = new DateOnly(2026, 12, 9) }, coordinator));
        Assert.Null(late.RoundId);
        Assert.Contains("The deadline must be before the meeting on Tuesday 8 December 2026", late.Message);

        await app.WithDbAsync(db => db.People.Where(p => p.Email == "karen.morris@safermk.example").ExecuteUpdateAsync(s => s.SetProperty(p => p.Email, (string?)null)));
        var preview = await app.WithServiceAsync<UpdateRoundService, RoundPreview>(s => s.PreviewAsync(safermk, request, coordinator));
        var karen = Assert.Single(preview.CannotBeReached);
        Assert.Equal(("Karen Morris", "ENG-02", "has no email address"), (karen.Who, karen.Action, karen.Why));
        var unreachable = await app.WithServiceAsync<UpdateRoundService, RoundOpened>(s => s.OpenAsync(safermk, request, coordinator));
        Assert.Null(unreachable.RoundId);
        Assert.Contains("1 owner cannot be reached by email: Karen Morris (ENG-02) has no email address", unreachable.Message);
        Assert.Contains("Nothing has been sent", unreachable.Message);
        Assert.Equal(before, await Written());
        Assert.Empty(smtp.Messages());

        // Told, the coordinator opens it anyway and will ask Karen herself: the others are emailed, Karen is not.
        var opened = await app.WithServiceAsync<UpdateRoundService, RoundOpened>(s => s.OpenAsync(safermk, request with { WillContactUnreachable = true }, coordinator));
        Assert.NotNull(opened.RoundId);
        await app.SweepAsync();
        Assert.Equal(5, smtp.Messages().Count);
        Assert.DoesNotContain(await app.WithDbAsync(db => db.ReminderNotices.Where(n => n.ItemType == ReminderItemType.UpdateRound).ToListAsync()),
            n => n.Status != ReminderStatus.Sent);
        var tracker = await app.WithServiceAsync<UpdateRoundQueries, RoundTracker?>(q => q.TrackerAsync(safermk, opened.RoundId!.Value, coordinator));
        Assert.Contains(tracker!.CannotBeReached, u => u.Who == "Karen Morris");
    }

    [Fact]
    public async Task An_extended_deadline_moves_the_chasers_and_a_late_action_is_asked_of_its_owner()
    {
        using var app = new ReminderTestApp(smtp);
        var roundId = await Rounds.OpenTaskingRoundAsync(app);
        await app.SweepAsync();
        smtp.Clear();
        var safermk = await app.PartnershipIdAsync("safermk");
        var coordinator = await app.ActorAsync(Rounds.Coordinator);

        var earlier = await app.WithServiceAsync<UpdateRoundService, RoundChange>(s => s.ExtendDeadlineAsync(safermk, roundId, new DateOnly(2026, 11, 30), coordinator));
        Assert.False(earlier.Done);
        var tooLate = await app.WithServiceAsync<UpdateRoundService, RoundChange>(s => s.ExtendDeadlineAsync(safermk, roundId, new DateOnly(2026, 12, 8), coordinator));
        Assert.False(tooLate.Done);
        Assert.True((await app.WithServiceAsync<UpdateRoundService, RoundChange>(s => s.ExtendDeadlineAsync(safermk, roundId, new DateOnly(2026, 12, 4), coordinator))).Done);

        // A late action of an owner already asked: one more email, listing it with the rest of theirs.
        var tracker = await app.WithServiceAsync<UpdateRoundQueries, RoundTracker?>(q => q.TrackerAsync(safermk, roundId, coordinator));
        var owners = tracker!.Owners.Select(o => o.Name).ToHashSet();
        var late = tracker.CanAdd.First(a => a.Lead is not null && owners.Contains(a.Lead) && !a.IsRestricted);
        var added = await app.WithServiceAsync<UpdateRoundService, RoundChange>(s => s.AddActionAsync(safermk, roundId, late.Id, coordinator));
        Assert.True(added.Done, added.Message);
        await app.SweepAsync();
        var lateEmail = Assert.Single(smtp.Messages()).Message;
        Assert.Contains(late.Reference, Text(lateEmail));
        Assert.Contains("by Friday 4 December 2026", lateEmail.Subject);

        var days = new List<DateOnly>();
        for (var day = new DateOnly(2026, 11, 25); day <= new DateOnly(2026, 12, 7); day = day.AddDays(1))
        {
            smtp.Clear();
            app.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero));
            await ScanAndSweepAsync(app);
            if (smtp.RoundEmails().Count > 0) days.Add(day);
        }

        // 3 days before the new deadline, on it, and the list the day after: nothing on the old dates.
        Assert.Equal([new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 4), new DateOnly(2026, 12, 5)], days);
    }
}
