using CommunitySafety.Web.Data;
using CommunitySafety.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Reports;

public static class ReportEndpoints
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/p/{slug}/reports/annual.docx", async (string slug, int? year, bool? @private, HttpContext http, AnnualReportBuilder builder, CancellationToken ct) =>
        {
            var result = await builder.BuildAsync(slug, year, @private ?? false, http.User.ToActor(), ct);
            return result.Access switch
            {
                ReportAccess.NotCleared => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You are not cleared to see exempt information",
                    detail: "Only users cleared for exempt information may download the private version. Download the public version instead."),
                ReportAccess.NotFound => Results.NotFound(),
                _ => Results.File(AnnualReportDocument.Write(result.Report!), Docx, AnnualReportDocument.FileName(result.Report!)),
            };
        }).RequireAuthorization(Policies.ReadReports);

        app.MapGet("/p/{slug}/reports/activity/{id:int}.docx", async (string slug, int id, HttpContext http, ActivityReportService reports,
            IDbContextFactory<AppDbContext> dbFactory, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var partnershipId = await db.Partnerships.Where(p => p.Slug == slug).Select(p => (int?)p.Id).SingleOrDefaultAsync(ct);
            var report = partnershipId is { } pid ? await reports.FindAsync(pid, id, http.User.ToActor(), ct) : null;
            return report is null
                ? Results.NotFound()
                : Results.File(ActivityReportDocument.Write(report), Docx, ActivityReportDocument.FileName(report));
        }).RequireAuthorization(Policies.ReadActionPlan);
        return app;
    }
}
