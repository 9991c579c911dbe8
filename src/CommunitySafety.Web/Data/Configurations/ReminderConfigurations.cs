using CommunitySafety.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunitySafety.Web.Data.Configurations;

internal sealed class ReminderNoticeConfiguration : IEntityTypeConfiguration<ReminderNotice>
{
    public void Configure(EntityTypeBuilder<ReminderNotice> b)
    {
        b.Property(x => x.ItemType).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Occasion).HasMaxLength(100).IsRequired();
        b.Property(x => x.LastError).HasMaxLength(2000);
        b.Property(x => x.MessageId).HasMaxLength(200);
        // The ledger's promise: one reminder per person, item and occasion, whoever runs the scan and how often. Item
        // first, as the daily scan asks the ledger about today's items (a person's own reminders have the FK's index).
        b.HasIndex(x => new { x.ItemType, x.ItemId, x.Occasion, x.RecipientPersonId }).IsUnique();
        b.HasIndex(x => new { x.PartnershipId, x.Status });
        // The sweep's question every few minutes: what is waiting and due?
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
        b.HasIndex(x => x.MessageId);
        b.HasOne(x => x.Recipient).WithMany().HasForeignKey(x => x.RecipientPersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReminderPreferenceConfiguration : IEntityTypeConfiguration<ReminderPreference>
{
    public void Configure(EntityTypeBuilder<ReminderPreference> b)
    {
        b.Property(x => x.MilestoneTiming).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(x => x.PersonId).IsUnique();
        b.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UpdateLinkConfiguration : IEntityTypeConfiguration<UpdateLink>
{
    public void Configure(EntityTypeBuilder<UpdateLink> b)
    {
        b.Property(x => x.TokenHash).HasMaxLength(64).IsRequired();
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasOne(x => x.Action).WithMany().HasForeignKey(x => x.ActionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UpdateLinkUseConfiguration : IEntityTypeConfiguration<UpdateLinkUse>
{
    public void Configure(EntityTypeBuilder<UpdateLinkUse> b)
    {
        b.Property(x => x.RemoteAddress).HasMaxLength(64);
        b.HasOne(x => x.UpdateLink).WithMany().HasForeignKey(x => x.UpdateLinkId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<StatusUpdate>().WithMany().HasForeignKey(x => x.StatusUpdateId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> b)
    {
        b.Property(x => x.TokenHash).HasMaxLength(64).IsRequired();
        b.Property(x => x.Scope).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450).IsRequired();
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
