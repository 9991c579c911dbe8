using CommunitySafety.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunitySafety.Web.Data.Configurations;

internal sealed class UpdateRoundConfiguration : IEntityTypeConfiguration<UpdateRound>
{
    public void Configure(EntityTypeBuilder<UpdateRound> b)
    {
        b.Property(x => x.OpenedByUserId).HasMaxLength(450).IsRequired();
        b.Property(x => x.OpenedByName).HasMaxLength(200).IsRequired();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.PartnershipId, x.MeetingId });
        b.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Board).WithMany().HasForeignKey(x => x.BoardId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Meeting).WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.OpenedByPersonId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class UpdateRoundActionConfiguration : IEntityTypeConfiguration<UpdateRoundAction>
{
    public void Configure(EntityTypeBuilder<UpdateRoundAction> b)
    {
        b.HasIndex(x => new { x.UpdateRoundId, x.ActionId }).IsUnique();
        b.HasOne(x => x.UpdateRound).WithMany(r => r.Actions).HasForeignKey(x => x.UpdateRoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Action).WithMany().HasForeignKey(x => x.ActionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UpdateRoundLinkConfiguration : IEntityTypeConfiguration<UpdateRoundLink>
{
    public void Configure(EntityTypeBuilder<UpdateRoundLink> b)
    {
        b.Property(x => x.TokenHash).HasMaxLength(64).IsRequired();
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => new { x.UpdateRoundId, x.PersonId });
        b.HasOne(x => x.UpdateRound).WithMany().HasForeignKey(x => x.UpdateRoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
