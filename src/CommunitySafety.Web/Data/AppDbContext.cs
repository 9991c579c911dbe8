using CommunitySafety.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

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
    public DbSet<ImportMapping> ImportMappings => Set<ImportMapping>();
    public DbSet<SaveReceipt> SaveReceipts => Set<SaveReceipt>();

    /// <summary>Who the audit log names for this context's saves; services set it from the signed-in actor.</summary>
    public AuditAuthor Author { get; set; } = AuditAuthor.System;

    /// <summary>
    /// The id the person's page gave what they submitted: the save writes a <see cref="SaveReceipt"/> with it, in
    /// the same transaction, and the audit entries carry it as their change set.
    /// </summary>
    public Guid? SubmissionId { get; set; }

    /// <summary>Beyond this many actions in one save (an import, say), the partnership's pages are told once rather than per action.</summary>
    private const int AnnouncedSeparately = 50;

    private readonly List<AuditEntry> unannounced = [];
    private SaveReceipt? receipt;

    private TimeProvider Time => this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<TimeProvider>() ?? TimeProvider.System;

    /// <summary>Saves and, in the same transaction, appends an audit entry per created, changed or deleted item.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AddReceipt();
        var trail = AuditTrail.Capture(ChangeTracker);
        if (trail.IsEmpty) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            var entries = await trail.EntriesAsync(this, Author, Time.GetUtcNow().UtcDateTime, SubmissionId, cancellationToken);
            AuditEntries.AddRange(entries);
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            unannounced.AddRange(entries);
            if (own is not null) await own.CommitAsync(cancellationToken);
            return count;
        }
        finally
        {
            if (own is not null)
            {
                // Committed, the changes were announced; not committed, there is nothing to announce.
                unannounced.Clear();
                await own.DisposeAsync();
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AddReceipt();
        var trail = AuditTrail.Capture(ChangeTracker);
        if (trail.IsEmpty) return base.SaveChanges(acceptAllChangesOnSuccess);
        using var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        try
        {
            var count = base.SaveChanges(acceptAllChangesOnSuccess);
            // The scope lookups are the async path's; EF's providers complete them without a synchronisation context.
            var entries = trail.EntriesAsync(this, Author, Time.GetUtcNow().UtcDateTime, SubmissionId, CancellationToken.None).GetAwaiter().GetResult();
            AuditEntries.AddRange(entries);
            base.SaveChanges(acceptAllChangesOnSuccess);
            unannounced.AddRange(entries);
            own?.Commit();
            return count;
        }
        finally
        {
            if (own is not null) unannounced.Clear();
        }
    }

    /// <summary>
    /// The changes audited in this context's transaction, taken once it commits (<see cref="AuditAnnouncer"/>): what
    /// open pages are told, per action, or once for the partnership when a save touched it beyond single actions.
    /// </summary>
    internal IReadOnlyList<Features.Actions.ActionChange> TakeCommittedChanges()
    {
        if (unannounced.Count == 0) return [];
        var changes = unannounced
            .Where(e => e.PartnershipId is not null)
            .GroupBy(e => e.PartnershipId!.Value)
            .SelectMany(p =>
            {
                var at = p.Max(e => e.RecordedAt);
                var actions = p.Select(e => e.ActionId).Distinct().ToList();
                return actions.Contains(null) || actions.Count > AnnouncedSeparately
                    ? [new Features.Actions.ActionChange(p.Key, Features.Actions.ActionChange.AnyAction, at)]
                    : actions.Select(a => new Features.Actions.ActionChange(p.Key, a!.Value, at));
            })
            .ToList();
        unannounced.Clear();
        return changes;
    }

    internal void DropUnannouncedChanges() => unannounced.Clear();

    /// <summary>Once per context: a later save of the same submission is part of it, not another one.</summary>
    private void AddReceipt()
    {
        if (SubmissionId is not { } id || receipt is not null) return;
        receipt = new SaveReceipt { Id = id, SavedAt = Time.GetUtcNow().UtcDateTime, UserId = Author.UserId };
        SaveReceipts.Add(receipt);
    }

    public DbSet<ReminderNotice> ReminderNotices => Set<ReminderNotice>();
    public DbSet<ReminderPreference> ReminderPreferences => Set<ReminderPreference>();
    public DbSet<UpdateLink> UpdateLinks => Set<UpdateLink>();
    public DbSet<UpdateLinkUse> UpdateLinkUses => Set<UpdateLinkUse>();
    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();
    public DbSet<UpdateRound> UpdateRounds => Set<UpdateRound>();
    public DbSet<UpdateRoundAction> UpdateRoundActions => Set<UpdateRoundAction>();
    public DbSet<UpdateRoundLink> UpdateRoundLinks => Set<UpdateRoundLink>();

    /// <summary>The Data Protection key ring, shared by every instance so cookies and tokens are valid on all of them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    // A failed command is logged once, with what the person was doing, by whoever handles the exception (SaveGuard,
    // the circuit, Hangfire); EF Core's own error entries would say the same thing twice more.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (RelationalEventId.TransactionError, LogLevel.Debug),
            (RelationalEventId.ConnectionError, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug)));

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
