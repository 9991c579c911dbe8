using CommunitySafety.Domain;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Data;

public class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<ApplicationUser>(options)
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
    public DbSet<ReminderNotice> ReminderNotices => Set<ReminderNotice>();
    public DbSet<ReminderPreference> ReminderPreferences => Set<ReminderPreference>();
    public DbSet<UpdateLink> UpdateLinks => Set<UpdateLink>();
    public DbSet<UpdateLinkUse> UpdateLinkUses => Set<UpdateLinkUse>();
    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
