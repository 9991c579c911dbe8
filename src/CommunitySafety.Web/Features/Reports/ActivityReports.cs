using System.Globalization;
using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Reports;

public sealed record MeetingOption(int Id, string Board, DateTime StartsAt)
{
    public string Name => $"{Board}, {PartnershipClock.ToLondon(StartsAt).ToString("d MMMM yyyy", UkCulture.Instance)}";
}

public sealed record ActivityReportRow(int Id, string Board, DateTime MeetingStartsAt, ActivityReportStatus Status, bool IsRestricted, DateTime UpdatedAt);

public sealed class ActivityReportForm
{
    public int Id { get; set; }
    /// <summary>Given when the form is filled in; the save is recorded under it, so a resubmit is not saved twice.</summary>
    public Guid SubmissionId { get; set; } = Guid.NewGuid();
    public Guid Version { get; set; }
    public string Author { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string Recommendations { get; set; } = "";
    public List<ActivityReportSectionForm> Sections { get; set; } = [];
    public bool MarkFinal { get; set; }

    public static ActivityReportForm From(ActivityReport report) => new()
    {
        Id = report.Id,
        Version = report.Version,
        Author = report.Author,
        Purpose = report.Purpose,
        Recommendations = report.Recommendations,
        Sections = report.Sections.OrderBy(s => s.Order).Select(s => new ActivityReportSectionForm { Heading = s.Heading, Body = s.Body }).ToList(),
    };
}

public sealed class ActivityReportSectionForm
{
    public string Heading { get; set; } = "";
    public string Body { get; set; } = "";
}

internal sealed class ActivityReportFormValidator : AbstractValidator<ActivityReportForm>
{
    public ActivityReportFormValidator()
    {
        RuleFor(f => f.Author).NotEmpty().WithMessage("Enter the report author, as the paper names them.")
            .MaximumLength(300).WithMessage("The author must be 300 characters or fewer.");
        RuleFor(f => f.Purpose).NotEmpty().WithMessage("Enter the purpose of the report.")
            .MaximumLength(4000).WithMessage("The purpose must be 4,000 characters or fewer.");
        RuleFor(f => f.Recommendations).NotEmpty().WithMessage("Enter at least one recommendation.")
            .MaximumLength(4000).WithMessage("The recommendations must be 4,000 characters or fewer.");
        RuleForEach(f => f.Sections).ChildRules(s =>
        {
            s.RuleFor(x => x.Heading).NotEmpty().WithMessage("Every section needs a heading.")
                .MaximumLength(300).WithMessage("A section heading must be 300 characters or fewer.");
            s.RuleFor(x => x.Body).MaximumLength(20000).WithMessage("A section must be 20,000 characters or fewer.");
        });
    }
}

/// <summary>
/// Drafts, keeps and finalises the "Overview of Partnership Activity" for a meeting. Coordinators draft and edit;
/// board members read finals. A draft made with exempt items in is restricted as a whole.
/// </summary>
public sealed class ActivityReportService(IDbContextFactory<AppDbContext> dbFactory, IValidator<ActivityReportForm> validator, TimeProvider time, SaveGuard guard)
{
    public async Task<IReadOnlyList<MeetingOption>> MeetingsAsync(int partnershipId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanEditStrategy(partnershipId)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var meetings = await db.Meetings.Where(m => m.Board!.PartnershipId == partnershipId)
            .Select(m => new { m.Id, Board = m.Board!.Name, m.StartsAt }).ToListAsync(ct);
        return meetings.OrderByDescending(m => m.StartsAt).Select(m => new MeetingOption(m.Id, m.Board, m.StartsAt)).ToList();
    }

    public async Task<IReadOnlyList<ActivityReportRow>> ListAsync(int partnershipId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanSeePartnership(partnershipId) || !actor.CanReadActionPlan) return [];
        var editor = actor.CanEditStrategy(partnershipId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Visible(db, partnershipId, actor, editor)
            .Select(r => new ActivityReportRow(r.Id, r.Meeting!.Board!.Name, r.Meeting.StartsAt, r.Status, r.IsRestricted, r.UpdatedAt))
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.MeetingStartsAt).ThenByDescending(r => r.UpdatedAt).ToList();
    }

    public async Task<ActivityReport?> FindAsync(int partnershipId, int id, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanSeePartnership(partnershipId) || !actor.CanReadActionPlan) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Visible(db, partnershipId, actor, actor.CanEditStrategy(partnershipId)).AsNoTracking()
            .Include(r => r.Meeting).ThenInclude(m => m!.Board)
            .Include(r => r.Sections)
            .SingleOrDefaultAsync(r => r.Id == id, ct);
    }

    /// <summary>
    /// Drafts the overview for a meeting from the status-update commentary flagged for it since the board's previous
    /// meeting, one section per board in the order the boards were set up, with the funding allocated in the period.
    /// </summary>
    /// <param name="submission">The page's id for this press of the button, so a second press of the same one drafts nothing more.</param>
    public Task<SaveResult> DraftAsync(int partnershipId, int meetingId, bool includeRestricted, Actor actor, Guid? submission = null, CancellationToken ct = default)
    {
        var id = submission ?? Guid.NewGuid();
        return guard.RunAsync<ActivityReport>(id, 0, $"activity overview draft for meeting {meetingId}", actor,
            () => DraftOnceAsync(partnershipId, meetingId, includeRestricted, actor, id, ct), ct);
    }

    private async Task<SaveResult> DraftOnceAsync(int partnershipId, int meetingId, bool includeRestricted, Actor actor, Guid submission, CancellationToken ct)
    {
        if (!actor.CanEditStrategy(partnershipId)) return new SaveResult(SaveOutcome.Forbidden, Message: "Only the partnership's coordinator may draft the overview.");
        if (includeRestricted && !actor.IsCleared) return new SaveResult(SaveOutcome.Forbidden, Message: "Only users cleared for exempt information may draft a private version.");
        await using var db = await dbFactory.CreateDbContextAsync(actor, submission, ct);
        var meeting = await db.Meetings.Include(m => m.Board).SingleOrDefaultAsync(m => m.Id == meetingId && m.Board!.PartnershipId == partnershipId, ct);
        if (meeting is null) return SaveResult.Invalid(nameof(ActivityReport.MeetingId), "Choose one of the partnership's meetings.");
        var previous = await db.Meetings.Where(m => m.BoardId == meeting.BoardId && m.StartsAt < meeting.StartsAt)
            .OrderByDescending(m => m.StartsAt).Select(m => (DateTime?)m.StartsAt).FirstOrDefaultAsync(ct);
        var from = previous ?? DateTime.MinValue;

        var updates = await db.StatusUpdates.AsNoTracking()
            .Where(u => u.IncludeInActivityReport && u.RecordedAt > from && u.RecordedAt <= meeting.StartsAt
                        && u.Action!.Priority!.Strategy!.PartnershipId == partnershipId && (includeRestricted || !u.Action.IsRestricted))
            .Select(u => new { u.Commentary, u.RecordedAt, u.Action!.Reference, BoardId = u.Action.BoardId, Board = u.Action.Board!.Name })
            .ToListAsync(ct);
        var sections = updates
            .GroupBy(u => (u.BoardId ?? int.MaxValue, u.Board ?? "Other partnership activity"))
            .OrderBy(g => g.Key.Item1)
            .Select(g => (Heading: g.Key.Item2, Body: string.Join("\n\n", g.OrderBy(u => u.Reference).ThenBy(u => u.RecordedAt).Select(u => u.Commentary.Trim()))))
            .ToList();

        var fromDate = previous is { } p ? DateOnly.FromDateTime(PartnershipClock.ToLondon(p)) : DateOnly.MinValue;
        var toDate = DateOnly.FromDateTime(PartnershipClock.ToLondon(meeting.StartsAt));
        var allocations = await db.FundingAllocations.AsNoTracking()
            .Where(a => a.AllocatedOn > fromDate && a.AllocatedOn <= toDate && a.FundingStream!.PartnershipId == partnershipId
                        && (includeRestricted || (!a.FundingStream.IsRestricted && (a.Action == null || !a.Action.IsRestricted))))
            .Select(a => new { a.Amount, a.Recipient, a.AllocatedOn, a.Note, Stream = a.FundingStream!.Name, a.FundingStream.Source, a.FundingStream.FinancialYear })
            .ToListAsync(ct);
        if (allocations.Count > 0)
        {
            sections.Add(("Funding", string.Join("\n\n", allocations.OrderBy(a => a.AllocatedOn).ThenBy(a => a.Recipient).Select(a =>
                $"{UkCulture.Money(a.Amount)} from the {a.Stream} ({a.Source}, {a.FinancialYear}) was allocated to {a.Recipient} on {UkCulture.Date(a.AllocatedOn)}.{(a.Note is null ? "" : " " + a.Note)}"))));
        }

        var since = previous is { } prev ? $" since {PartnershipClock.ToLondon(prev).ToString("MMMM yyyy", UkCulture.Instance)}" : "";
        var boardName = meeting.Board!.Name;
        var now = time.GetUtcNow().UtcDateTime;
        var report = new ActivityReport
        {
            PartnershipId = partnershipId,
            MeetingId = meeting.Id,
            Author = await AuthorAsync(db, actor, ct),
            Purpose = $"To provide an update on partnership activity undertaken to support the delivery of the priorities of the Community Safety Partnership{since}.",
            Recommendations = $"The {boardName} is asked to note the following highlights of activity undertaken to improve community safety."
                              + (previous is { } last ? $" This update covers the period since the last meeting in {PartnershipClock.ToLondon(last).ToString("MMMM", UkCulture.Instance)}." : ""),
            Status = ActivityReportStatus.Draft,
            IsRestricted = includeRestricted,
            PeriodStart = previous,
            CreatedAt = now,
            UpdatedAt = now,
            Sections = sections.Select((s, i) => new ActivityReportSection { Order = i + 1, Heading = s.Heading, Body = s.Body }).ToList(),
        };
        db.ActivityReports.Add(report);
        await db.SaveChangesAsync(ct);
        return new SaveResult(SaveOutcome.Saved, report.Id);
    }

    public Task<SaveResult> SaveAsync(int partnershipId, ActivityReportForm form, Actor actor, CancellationToken ct = default) =>
        guard.RunAsync<ActivityReport>(form.SubmissionId, form.Id, $"activity overview {form.Id}", actor, () => SaveOnceAsync(partnershipId, form, actor, ct), ct);

    private async Task<SaveResult> SaveOnceAsync(int partnershipId, ActivityReportForm form, Actor actor, CancellationToken ct)
    {
        if (!actor.CanEditStrategy(partnershipId)) return new SaveResult(SaveOutcome.Forbidden, Message: "Only the partnership's coordinator may edit the overview.");
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid) return SaveResult.Invalid(validation.Errors);
        await using var db = await dbFactory.CreateDbContextAsync(actor, form.SubmissionId, ct);
        var report = await Visible(db, partnershipId, actor, editor: true).Include(r => r.Sections).SingleOrDefaultAsync(r => r.Id == form.Id, ct);
        if (report is null) return new SaveResult(SaveOutcome.NotFound, Message: "That report does not exist, or you cannot see it.");
        if (report.Status == ActivityReportStatus.Final) return new SaveResult(SaveOutcome.Forbidden, report.Id, Message: "This report is final and can no longer be changed.");
        db.Entry(report).Property(r => r.Version).OriginalValue = form.Version;

        report.Author = form.Author.Trim();
        report.Purpose = form.Purpose.Trim();
        report.Recommendations = form.Recommendations.Trim();
        db.ActivityReportSections.RemoveRange(report.Sections);
        report.Sections = form.Sections.Select((s, i) => new ActivityReportSection { Order = i + 1, Heading = s.Heading.Trim(), Body = s.Body.Trim() }).ToList();
        if (form.MarkFinal) report.Status = ActivityReportStatus.Final;
        report.UpdatedAt = time.GetUtcNow().UtcDateTime;
        report.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new SaveResult(SaveOutcome.Conflict, report.Id, Message: "Someone else saved this report while you were editing it. Reload to see their changes; nothing of yours was saved.");
        }

        return new SaveResult(SaveOutcome.Saved, report.Id);
    }

    private static async Task<string> AuthorAsync(AppDbContext db, Actor actor, CancellationToken ct)
    {
        var person = actor.PersonId is { } id ? await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) : null;
        if (person is null) return actor.Name;
        return string.IsNullOrWhiteSpace(person.JobTitle) ? person.Name : $"{person.Name} ({person.JobTitle})";
    }

    private static IQueryable<ActivityReport> Visible(AppDbContext db, int partnershipId, Actor actor, bool editor) =>
        db.ActivityReports.Where(r => r.PartnershipId == partnershipId && (actor.IsCleared || !r.IsRestricted)
                                      && (editor || r.Status == ActivityReportStatus.Final));
}

/// <summary>The overview in the shape of the SaferMK papers: author, purpose, FOR INFORMATION, recommendations, activity to note.</summary>
public static class ActivityReportDocument
{
    public const string Title = "OVERVIEW OF PARTNERSHIP ACTIVITY";

    public static string FileName(ActivityReport report) =>
        $"overview-of-partnership-activity-{PartnershipClock.ToLondon(report.Meeting!.StartsAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{(report.IsRestricted ? "-exempt" : "")}.docx";

    public static IReadOnlyList<string> Paragraphs(string text) =>
        text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static byte[] Write(ActivityReport report) => CommitteeDocument.Write(Title, report.IsRestricted, doc =>
    {
        doc.Paragraph($"{report.Meeting!.Board!.Name}, {PartnershipClock.ToLondon(report.Meeting.StartsAt).ToString("d MMMM yyyy", UkCulture.Instance)}", bold: true);
        doc.Title(Title);
        doc.Labelled("Report Author:", report.Author);
        doc.Paragraph("Purpose of Report:", bold: true);
        foreach (var p in Paragraphs(report.Purpose)) doc.Paragraph(p);
        doc.Paragraph("FOR INFORMATION", bold: true);
        doc.Heading(1, "1. Recommendations");
        var recommendations = Paragraphs(report.Recommendations);
        for (var i = 0; i < recommendations.Count; i++) doc.Numbered($"1.{i + 1}", recommendations[i]);
        doc.Heading(1, "2. Partnership Activity to Note");
        var sections = report.Sections.OrderBy(s => s.Order).ToList();
        if (sections.Count == 0) doc.Paragraph("No activity was flagged for this report.");
        for (var i = 0; i < sections.Count; i++)
        {
            doc.Heading(2, $"2.{i + 1} {sections[i].Heading}");
            foreach (var p in Paragraphs(sections[i].Body)) doc.Paragraph(p);
        }
    });
}
