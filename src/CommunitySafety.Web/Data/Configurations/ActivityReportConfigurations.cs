using CommunitySafety.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunitySafety.Web.Data.Configurations;

internal sealed class ActivityReportConfiguration : IEntityTypeConfiguration<ActivityReport>
{
    public void Configure(EntityTypeBuilder<ActivityReport> b)
    {
        b.Property(x => x.Author).HasMaxLength(300).IsRequired();
        b.Property(x => x.Purpose).HasMaxLength(4000).IsRequired();
        b.Property(x => x.Recommendations).HasMaxLength(4000).IsRequired();
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.PartnershipId, x.MeetingId });
        b.HasOne(x => x.Partnership).WithMany().HasForeignKey(x => x.PartnershipId);
        b.HasOne(x => x.Meeting).WithMany().HasForeignKey(x => x.MeetingId);
        b.HasMany(x => x.Sections).WithOne(s => s.ActivityReport).HasForeignKey(s => s.ActivityReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ActivityReportSectionConfiguration : IEntityTypeConfiguration<ActivityReportSection>
{
    public void Configure(EntityTypeBuilder<ActivityReportSection> b)
    {
        b.Property(x => x.Heading).HasMaxLength(300).IsRequired();
        b.Property(x => x.Body).HasMaxLength(20000).IsRequired();
    }
}
