using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Partnerships;
using CommunitySafety.Web.Features.Reminders;

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
        services.AddReminderServices();
        return services;
    }
}
