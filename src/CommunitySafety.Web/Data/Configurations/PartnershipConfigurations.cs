using CommunitySafety.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunitySafety.Web.Data.Configurations;

internal sealed class PartnershipConfiguration : IEntityTypeConfiguration<Partnership>
{
    public void Configure(EntityTypeBuilder<Partnership> b)
    {
        b.Property(p => p.Name).HasMaxLength(200).IsRequired();
        b.Property(p => p.Slug).HasMaxLength(60).IsRequired();
        b.HasIndex(p => p.Slug).IsUnique();
        b.Property(p => p.Area).HasMaxLength(200);
        b.OwnsOne(p => p.Settings, s =>
        {
            s.Property(x => x.ReminderLeadDays).HasMaxLength(100);
        });
        b.Navigation(p => p.Settings).IsRequired();
    }
}

internal sealed class PartnerOrganisationConfiguration : IEntityTypeConfiguration<PartnerOrganisation>
{
    public void Configure(EntityTypeBuilder<PartnerOrganisation> b)
    {
        b.Property(o => o.Name).HasMaxLength(200).IsRequired();
        b.Property(o => o.ShortName).HasMaxLength(40);
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(40);
        b.HasIndex(o => new { o.PartnershipId, o.Name }).IsUnique();
        b.HasOne(o => o.Partnership).WithMany(p => p.Organisations).HasForeignKey(o => o.PartnershipId);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.Property(p => p.Name).HasMaxLength(200).IsRequired();
        b.Property(p => p.Email).HasMaxLength(256);
        b.Property(p => p.JobTitle).HasMaxLength(300);
        b.HasIndex(p => new { p.PartnershipId, p.Name });
        b.HasOne(p => p.Partnership).WithMany(p => p.People).HasForeignKey(p => p.PartnershipId);
        b.HasOne(p => p.Organisation).WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class BoardConfiguration : IEntityTypeConfiguration<Board>
{
    public void Configure(EntityTypeBuilder<Board> b)
    {
        b.Property(x => x.Name).HasMaxLength(200).IsRequired();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Purpose).HasMaxLength(2000);
        b.HasIndex(x => new { x.PartnershipId, x.Name }).IsUnique();
        b.HasOne(x => x.Partnership).WithMany(p => p.Boards).HasForeignKey(x => x.PartnershipId);
        b.HasOne(x => x.ParentBoard).WithMany().HasForeignKey(x => x.ParentBoardId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Chair).WithMany().HasForeignKey(x => x.ChairId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class BoardMemberConfiguration : IEntityTypeConfiguration<BoardMember>
{
    public void Configure(EntityTypeBuilder<BoardMember> b)
    {
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Representing).HasMaxLength(300);
        b.HasIndex(x => new { x.BoardId, x.PersonId }).IsUnique();
        b.HasOne(x => x.Board).WithMany(x => x.Members).HasForeignKey(x => x.BoardId);
        b.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId);
    }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.Property(x => x.Location).HasMaxLength(300);
        b.Property(x => x.Notes).HasMaxLength(4000);
        b.HasIndex(x => new { x.BoardId, x.StartsAt });
        b.HasOne(x => x.Board).WithMany(x => x.Meetings).HasForeignKey(x => x.BoardId);
    }
}
