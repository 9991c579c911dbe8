using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Audit;
using CommunitySafety.Web.Features.Partnerships;
using CommunitySafety.Web.Features.StatusUpdates;

namespace CommunitySafety.Web.Features;

public static class FeatureServices
{
    public static IServiceCollection AddFeatureServices(this IServiceCollection services)
    {
        services.AddSingleton<ActionChanges>();
        services.AddScoped<PartnershipDirectory>();
        services.AddScoped<PartnershipOverviewService>();
        services.AddScoped<ActionQueries>();
        services.AddScoped<ActionEditor>();
        services.AddScoped<ActionConflicts>();
        services.AddScoped<ActionHistory>();
        services.AddScoped<StatusUpdateService>();
        services.AddScoped<AuditLogQueries>();
        return services;
    }
}
