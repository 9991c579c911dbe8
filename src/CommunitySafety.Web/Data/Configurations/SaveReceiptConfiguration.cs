using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunitySafety.Web.Data.Configurations;

internal sealed class SaveReceiptConfiguration : IEntityTypeConfiguration<SaveReceipt>
{
    public void Configure(EntityTypeBuilder<SaveReceipt> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.UserId).HasMaxLength(450);
    }
}
