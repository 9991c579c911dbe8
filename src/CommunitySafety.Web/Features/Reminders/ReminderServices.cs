namespace CommunitySafety.Web.Features.Reminders;

public static class ReminderServices
{
    public static IServiceCollection AddReminderServices(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration("Email");
        services.AddSingleton<ReminderMailer>();
        services.AddScoped<ReminderScanner>();
        services.AddOptions<ReminderDeliveryOptions>().BindConfiguration("Reminders");
        services.AddSingleton<ReminderSweepSignal>();
        services.AddScoped<IReminderEmailComposer, DigestComposer>();
        services.AddScoped<ReminderSender>();
        services.AddScoped<ReminderSweep>();
        services.AddScoped<UpdateLinkStatusUpdates>();
        services.AddScoped<ReminderQueries>();
        services.AddScoped<CalendarFeeds>();
        return services;
    }
}
