using CommunitySafety.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunitySafety.Web.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.UserName).HasMaxLength(200).IsRequired();
        b.Property(x => x.EntityType).HasMaxLength(100).IsRequired();
        b.Property(x => x.EntityId).HasMaxLength(100).IsRequired();
        b.Property(x => x.Operation).HasConversion<string>().HasMaxLength(10);
        b.HasIndex(x => new { x.EntityType, x.EntityId, x.RecordedAt });
        b.HasIndex(x => x.RecordedAt);
        b.HasIndex(x => x.UserName);
        b.Property(x => x.RestrictedBy).HasMaxLength(40);
        b.Property(x => x.Subject).HasMaxLength(300);
        b.HasIndex(x => new { x.PartnershipId, x.Id });
        b.HasIndex(x => x.ActionId);
        // A resubmitted change finds what its first submission saved; an action's history asks, for each of its
        // entries, whether the same save posted a status update.
        b.HasIndex(x => x.ChangeSetId);
    }
}
