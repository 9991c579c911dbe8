using Microsoft.AspNetCore.Components.Server.Circuits;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Administration;
using CommunitySafety.Web.Features.Audit;
using CommunitySafety.Web.Features.Dashboard;
using CommunitySafety.Web.Features.Export;
using CommunitySafety.Web.Features.Import;
using CommunitySafety.Web.Features.Milestones;
using CommunitySafety.Web.Features.Outcomes;
using CommunitySafety.Web.Features.Partners;
using CommunitySafety.Web.Features.Partnerships;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Features.Reports;
using CommunitySafety.Web.Features.Risks;
using CommunitySafety.Web.Features.StatusUpdates;
using CommunitySafety.Web.Features.Strategies;
using CommunitySafety.Web.Features.UpdateRounds;

namespace CommunitySafety.Web.Features;

public static class FeatureServices
{
    public static IServiceCollection AddFeatureServices(this IServiceCollection services)
    {
        services.AddSingleton<ActionChanges>();
        services.AddScoped<SaveGuard>();
        services.AddScoped<Components.Shared.PendingSaves>();
        services.AddSingleton<PartnershipDirectory>();
        services.AddScoped<PartnershipOverviewService>();
        services.AddScoped<ActionQueries>();
        services.AddScoped<ActionEditor>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<StrategyQueries>();
        services.AddScoped<MilestoneQueries>();
        services.AddScoped<MilestoneEditor>();
        services.AddScoped<PartnerQueries>();
        services.AddScoped<RiskEditor>();
        services.AddScoped<OutcomeQueries>();
        services.AddScoped<OutcomeEditor>();
        services.AddScoped<AnnualReportBuilder>();
        services.AddScoped<ActivityReportService>();
        services.AddScoped<ActionConflicts>();
        services.AddScoped<ActionHistory>();
        services.AddScoped<StatusUpdateService>();
        services.AddScoped<AuditLogQueries>();
        services.AddScoped<DashboardService>();
        services.AddSingleton<RatingsAtInstant>();
        services.AddSingleton<DashboardSnapshots>();
        services.AddScoped<CircuitConnection>();
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<CircuitConnection>());
        services.AddScoped<ImportPlanner>();
        services.AddScoped<ImportService>();
        services.AddScoped<RegisterExport>();
        services.AddReminderServices();
        services.AddUpdateRoundServices();
        return services;
    }
}
