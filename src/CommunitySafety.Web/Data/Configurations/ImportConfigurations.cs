using CommunitySafety.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunitySafety.Web.Data.Configurations;

internal sealed class ImportMappingConfiguration : IEntityTypeConfiguration<ImportMapping>
{
    public void Configure(EntityTypeBuilder<ImportMapping> b)
    {
        b.Property(x => x.Name).HasMaxLength(100).IsRequired();
        b.Property(x => x.SavedBy).HasMaxLength(200).IsRequired();
        b.HasIndex(x => new { x.PartnershipId, x.Name }).IsUnique();
        b.HasOne(x => x.Partnership).WithMany().HasForeignKey(x => x.PartnershipId);
        b.HasMany(x => x.Columns).WithOne().HasForeignKey(c => c.ImportMappingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportMappingColumnConfiguration : IEntityTypeConfiguration<ImportMappingColumn>
{
    public void Configure(EntityTypeBuilder<ImportMappingColumn> b)
    {
        b.Property(x => x.Heading).HasMaxLength(300).IsRequired();
        b.Property(x => x.Field).HasConversion<string>().HasMaxLength(30);
    }
}
