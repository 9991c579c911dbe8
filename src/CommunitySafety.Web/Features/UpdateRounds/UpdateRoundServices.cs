using CommunitySafety.Web.Features.Reminders;

namespace CommunitySafety.Web.Features.UpdateRounds;

public static class UpdateRoundServices
{
    public static IServiceCollection AddUpdateRoundServices(this IServiceCollection services)
    {
        services.AddScoped<UpdateRoundService>();
        services.AddScoped<UpdateRoundQueries>();
        services.AddScoped<UpdateRoundAnswers>();
        services.AddScoped<IReminderEmailComposer, UpdateRoundEmailComposer>();
        services.AddScoped<IReminderSource, UpdateRoundReminders>();
        return services;
    }
}
