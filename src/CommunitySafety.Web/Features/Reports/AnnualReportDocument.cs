using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;
using CommunitySafety.Web.Features.Outcomes;

namespace CommunitySafety.Web.Features.Reports;

/// <summary>The annual outcome report laid out as a scrutiny committee paper, after the Melton report of 2 March 2021.</summary>
public static class AnnualReportDocument
{
    public static string FileName(AnnualReport report) =>
        $"{report.Slug}-annual-outcome-report-{report.Year}{(report.IsPrivate ? "-exempt" : "")}.docx";

    public static byte[] Write(AnnualReport report) => CommitteeDocument.Write(report.Title, report.IsPrivate, doc =>
    {
        doc.Paragraph("Scrutiny Committee", bold: true);
        doc.Title(report.Title);
        doc.Labelled("Report of:", report.ReportOf);
        doc.Labelled("Strategy:", report.StrategyTitle);
        doc.Labelled("Position as at:", UkCulture.Date(report.AsOf));
        doc.Labelled("Exempt Information:", report.IsPrivate ? "Yes" : "No");

        doc.Heading(1, "1 Summary");
        Numbered(doc, 1, report.Summary);

        doc.Heading(1, "2 Recommendations");
        doc.Paragraph("That Scrutiny Committee:");
        Numbered(doc, 2, report.Recommendations);

        var section = 3;
        foreach (var priority in report.Priorities)
        {
            doc.Heading(1, $"{section} {priority.Title}");
            doc.Heading(2, $"{section}.1 Key outcomes");
            if (priority.Outcomes.Count == 0) doc.Paragraph("No key outcomes are set for this priority.");
            else
            {
                doc.Table(
                    ["Outcome", "Baseline", "Target", "Latest", "Rating", "Trend"], [31, 15, 16, 16, 10, 12],
                    priority.Outcomes.Select(o => (IReadOnlyList<string>)
                    [
                        $"{o.Title} ({o.Measure})",
                        $"{o.Format(o.BaselineValue)} ({o.BaselinePeriod})",
                        $"{o.Format(o.TargetValue)} by {UkCulture.Date(o.TargetDate)}",
                        o.Latest is { } latest ? $"{o.Format(latest.Value)} ({latest.Period})" : "No measurement yet",
                        o.Rag.Label(),
                        o.Trend.Label(),
                    ]));
                // The rule's reason beside the lead's commentary, so a Red rating next to "On track" can be reconciled.
                foreach (var o in priority.Outcomes)
                {
                    doc.Labelled($"{o.Title}:", string.IsNullOrWhiteSpace(o.Commentary) ? o.RatingReason : $"{o.RatingReason} Commentary: {o.Commentary}");
                }
            }

            doc.Heading(2, $"{section}.2 Actions");
            if (priority.Actions.Count == 0) doc.Paragraph("No actions are in the plan for this priority.");
            else
            {
                doc.Table(
                    ["Ref", "Action", "Lead", "Due", "Status", "Rating"], [11, 37, 18, 12, 12, 10],
                    priority.Actions.Select(a => (IReadOnlyList<string>)
                        [a.Reference, a.Title, a.Lead ?? "—", UkCulture.Date(a.DueDate), a.Status.Label(), a.Rag.Label()]));
            }

            section++;
        }

        doc.Heading(1, $"{section} The action plan's record");
        doc.Heading(2, $"{section}.1 Actions by status and rating");
        doc.Table(["Status", "Actions"], [70, 30], report.ActionsByStatus.Select(s => (IReadOnlyList<string>)[s.Status.Label(), s.Count.ToString()]));
        doc.Table(["Rating", "Actions"], [70, 30], report.ActionsByRag.Select(r => (IReadOnlyList<string>)[r.Rag.Label(), r.Count.ToString()]));
        doc.Heading(2, $"{section}.2 Completed");
        if (!report.Completed.Any()) doc.Paragraph("No actions have been completed yet.");
        else doc.Table(["Ref", "Action", "Completed"], [11, 64, 25], report.Completed.Select(a => (IReadOnlyList<string>)[a.Reference, a.Title, UkCulture.Date(a.CompletedOn)]));
        doc.Heading(2, $"{section}.3 Overdue, and why");
        if (!report.Overdue.Any()) doc.Paragraph("No actions are overdue.");
        else
        {
            doc.Table(["Ref", "Action", "Due", "Days overdue", "Latest update"], [11, 25, 12, 9, 43],
                report.Overdue.Select(a => (IReadOnlyList<string>)[a.Reference, a.Title, UkCulture.Date(a.DueDate), a.DaysOverdue.ToString(), a.LatestCommentary ?? "No update given."]));
        }

        section++;
        doc.Heading(1, $"{section} Funding allocated and spent");
        if (report.Funding.Count == 0) doc.Paragraph(report.NoFunding);
        else
        {
            doc.Table(["Funding", "Source", "Year", "Amount", "Allocated", "Spent"], [28, 24, 10, 13, 13, 12],
                report.Funding.Select(f => (IReadOnlyList<string>)
                    [f.Name, f.Source, f.FinancialYear, UkCulture.Money(f.Amount), UkCulture.Money(f.Allocated), UkCulture.Money(f.Spent)])
                    .Append(["Total", "", "", UkCulture.Money(report.Funding.Sum(f => f.Amount)), UkCulture.Money(report.Funding.Sum(f => f.Allocated)), UkCulture.Money(report.Funding.Sum(f => f.Spent))]));
        }
    });

    private static void Numbered(CommitteeDocument doc, int section, IReadOnlyList<string> paragraphs)
    {
        for (var i = 0; i < paragraphs.Count; i++) doc.Numbered($"{section}.{i + 1}", paragraphs[i]);
    }
}
