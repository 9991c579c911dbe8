using CommunitySafety.Web.Security;

namespace CommunitySafety.Web.Features.Export;

public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/p/{slug}/export.xlsx", async (string slug, string? register, HttpContext http, RegisterExport export, CancellationToken ct) =>
        {
            Register? only = null;
            if (!string.IsNullOrEmpty(register))
            {
                if (!Enum.TryParse<Register>(register, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No such register",
                        detail: $"Choose one of: {string.Join(", ", Enum.GetNames<Register>().Select(n => n.ToLowerInvariant()))}.");
                }

                only = parsed;
            }

            var file = await export.BuildAsync(slug, only, http.User.ToActor(), ct);
            return file is null ? Results.NotFound() : Results.File(file.Content, RegisterExport.ContentType, file.FileName);
        }).RequireAuthorization(Policies.ReadActionPlan);
        return app;
    }
}
