using CommunitySafety.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Data;

public class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<Partnership> Partnerships => Set<Partnership>();
    public DbSet<PartnerOrganisation> Organisations => Set<PartnerOrganisation>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Board> Boards => Set<Board>();
    public DbSet<BoardMember> BoardMembers => Set<BoardMember>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<Strategy> Strategies => Set<Strategy>();
    public DbSet<Priority> Priorities => Set<Priority>();
    public DbSet<Action> Actions => Set<Action>();
    public DbSet<StatusUpdate> StatusUpdates => Set<StatusUpdate>();
    public DbSet<Milestone> Milestones => Set<Milestone>();
    public DbSet<Outcome> Outcomes => Set<Outcome>();
    public DbSet<Measurement> Measurements => Set<Measurement>();
    public DbSet<Risk> Risks => Set<Risk>();
    public DbSet<FundingStream> FundingStreams => Set<FundingStream>();
    public DbSet<FundingAllocation> FundingAllocations => Set<FundingAllocation>();
    public DbSet<ActivityReport> ActivityReports => Set<ActivityReport>();
    public DbSet<ActivityReportSection> ActivityReportSections => Set<ActivityReportSection>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>Who the audit log names for this context's saves; services set it from the signed-in actor.</summary>
    public AuditAuthor Author { get; set; } = AuditAuthor.System;

    private TimeProvider Time => this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<TimeProvider>() ?? TimeProvider.System;

    /// <summary>Saves and, in the same transaction, appends an audit entry per created, changed or deleted item.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var trail = AuditTrail.Capture(ChangeTracker);
        if (trail.IsEmpty) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            AuditEntries.AddRange(trail.Entries(Author, Time.GetUtcNow().UtcDateTime));
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (own is not null) await own.CommitAsync(cancellationToken);
            return count;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var trail = AuditTrail.Capture(ChangeTracker);
        if (trail.IsEmpty) return base.SaveChanges(acceptAllChangesOnSuccess);
        using var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        var count = base.SaveChanges(acceptAllChangesOnSuccess);
        AuditEntries.AddRange(trail.Entries(Author, Time.GetUtcNow().UtcDateTime));
        base.SaveChanges(acceptAllChangesOnSuccess);
        own?.Commit();
        return count;
    }
    public DbSet<ReminderNotice> ReminderNotices => Set<ReminderNotice>();
    public DbSet<ReminderPreference> ReminderPreferences => Set<ReminderPreference>();
    public DbSet<UpdateLink> UpdateLinks => Set<UpdateLink>();
    public DbSet<UpdateLinkUse> UpdateLinkUses => Set<UpdateLinkUse>();
    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();

    /// <summary>The Data Protection key ring, shared by every instance so cookies and tokens are valid on all of them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
