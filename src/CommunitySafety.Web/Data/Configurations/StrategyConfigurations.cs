using CommunitySafety.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunitySafety.Web.Data.Configurations;

internal sealed class StrategyConfiguration : IEntityTypeConfiguration<Strategy>
{
    public void Configure(EntityTypeBuilder<Strategy> b)
    {
        b.Property(x => x.Title).HasMaxLength(300).IsRequired();
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Summary).HasMaxLength(4000);
        b.Ignore(x => x.Period);
        b.HasOne(x => x.Partnership).WithMany(p => p.Strategies).HasForeignKey(x => x.PartnershipId);
    }
}

internal sealed class PriorityConfiguration : IEntityTypeConfiguration<Priority>
{
    public void Configure(EntityTypeBuilder<Priority> b)
    {
        b.Property(x => x.Title).HasMaxLength(300).IsRequired();
        b.Property(x => x.Code).HasMaxLength(10).IsRequired();
        b.Property(x => x.Description).HasMaxLength(4000);
        b.HasIndex(x => new { x.StrategyId, x.Order });
        b.HasOne(x => x.Strategy).WithMany(s => s.Priorities).HasForeignKey(x => x.StrategyId);
    }
}

internal sealed class ActionConfiguration : IEntityTypeConfiguration<Action>
{
    public void Configure(EntityTypeBuilder<Action> b)
    {
        b.ToTable("Actions");
        b.Property(x => x.Reference).HasMaxLength(20).IsRequired();
        b.Property(x => x.Title).HasMaxLength(300).IsRequired();
        b.Property(x => x.Description).HasMaxLength(8000);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Rag).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsOpen);
        b.HasIndex(x => new { x.PriorityId, x.Reference }).IsUnique();
        b.HasIndex(x => x.DueDate);
        b.HasIndex(x => x.LeadPersonId);
        b.HasIndex(x => x.BoardId);
        // The dashboard's RAG picture counts every action of a priority by these columns: from the index alone, it
        // never reads the wide rows.
        b.HasIndex(x => new { x.PriorityId, x.IsRestricted, x.Rag, x.Status, x.DueDate });
        b.HasOne(x => x.Priority).WithMany(p => p.Actions).HasForeignKey(x => x.PriorityId);
        b.HasOne(x => x.LeadOrganisation).WithMany().HasForeignKey(x => x.LeadOrganisationId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(x => x.LeadPerson).WithMany().HasForeignKey(x => x.LeadPersonId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(x => x.DeputyPerson).WithMany().HasForeignKey(x => x.DeputyPersonId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(x => x.Board).WithMany().HasForeignKey(x => x.BoardId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class StatusUpdateConfiguration : IEntityTypeConfiguration<StatusUpdate>
{
    public void Configure(EntityTypeBuilder<StatusUpdate> b)
    {
        b.Property(x => x.AuthorName).HasMaxLength(200).IsRequired();
        b.Property(x => x.AuthorUserId).HasMaxLength(450);
        b.Property(x => x.Rag).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.SuggestedRag).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.RagOverrideReason).HasMaxLength(2000);
        b.Property(x => x.Commentary).HasMaxLength(8000).IsRequired();
        b.Property(x => x.NextSteps).HasMaxLength(4000);
        b.Property(x => x.ImportedFrom).HasMaxLength(300);
        // With the rating in it, "what was the RAG at the last meeting" for every action reads only the index.
        b.HasIndex(x => new { x.ActionId, x.RecordedAt, x.Rag });
        b.HasOne(x => x.Action).WithMany(a => a.StatusUpdates).HasForeignKey(x => x.ActionId);
        b.HasOne(x => x.AuthorPerson).WithMany().HasForeignKey(x => x.AuthorPersonId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class MilestoneConfiguration : IEntityTypeConfiguration<Milestone>
{
    public void Configure(EntityTypeBuilder<Milestone> b)
    {
        b.Property(x => x.Title).HasMaxLength(300).IsRequired();
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.ReminderLeadDays).HasMaxLength(100);
        b.Property(x => x.TemplateKey).HasMaxLength(100);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsComplete);
        b.HasIndex(x => new { x.PartnershipId, x.DueDate });
        // The dashboard counts a partnership's open milestones per horizon, and who may see them, from the index alone.
        b.HasIndex(x => new { x.PartnershipId, x.CompletedOn, x.DueDate, x.IsRestricted, x.ActionId });
        // The daily reminder scan reads the milestones falling due soon in every partnership.
        b.HasIndex(x => new { x.DueDate, x.CompletedOn });
        b.HasOne(x => x.Partnership).WithMany(p => p.Milestones).HasForeignKey(x => x.PartnershipId);
        b.HasOne(x => x.Owner).WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(x => x.SignOffBoard).WithMany().HasForeignKey(x => x.SignOffBoardId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(x => x.Strategy).WithMany().HasForeignKey(x => x.StrategyId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(x => x.Action).WithMany(a => a.Milestones).HasForeignKey(x => x.ActionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutcomeConfiguration : IEntityTypeConfiguration<Outcome>
{
    public void Configure(EntityTypeBuilder<Outcome> b)
    {
        b.Property(x => x.Title).HasMaxLength(300).IsRequired();
        b.Property(x => x.Measure).HasMaxLength(500).IsRequired();
        b.Property(x => x.Unit).HasMaxLength(40);
        b.Property(x => x.Direction).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.BaselinePeriod).HasMaxLength(40);
        b.Property(x => x.Commentary).HasMaxLength(4000);
        b.HasOne(x => x.Priority).WithMany(p => p.Outcomes).HasForeignKey(x => x.PriorityId);
    }
}

internal sealed class MeasurementConfiguration : IEntityTypeConfiguration<Measurement>
{
    public void Configure(EntityTypeBuilder<Measurement> b)
    {
        b.Property(x => x.Period).HasMaxLength(100).IsRequired();
        b.Property(x => x.Source).HasMaxLength(300);
        b.Property(x => x.Note).HasMaxLength(2000);
        b.HasIndex(x => new { x.OutcomeId, x.PeriodEnd });
        b.HasOne(x => x.Outcome).WithMany(o => o.Measurements).HasForeignKey(x => x.OutcomeId);
    }
}

internal sealed class RiskConfiguration : IEntityTypeConfiguration<Risk>
{
    public void Configure(EntityTypeBuilder<Risk> b)
    {
        b.Property(x => x.Description).HasMaxLength(2000).IsRequired();
        b.Property(x => x.Mitigation).HasMaxLength(4000);
        b.Property(x => x.Owner).HasMaxLength(200);
        b.Ignore(x => x.Score);
        b.Ignore(x => x.Level);
        b.HasOne(x => x.Partnership).WithMany(p => p.Risks).HasForeignKey(x => x.PartnershipId);
    }
}

internal sealed class FundingStreamConfiguration : IEntityTypeConfiguration<FundingStream>
{
    public void Configure(EntityTypeBuilder<FundingStream> b)
    {
        b.Property(x => x.Name).HasMaxLength(300).IsRequired();
        b.Property(x => x.Source).HasMaxLength(300);
        b.Property(x => x.FinancialYear).HasMaxLength(10);
        b.Property(x => x.Amount).HasPrecision(12, 2);
        b.Ignore(x => x.Allocated);
        b.Ignore(x => x.Unallocated);
        b.HasOne(x => x.Partnership).WithMany(p => p.FundingStreams).HasForeignKey(x => x.PartnershipId);
    }
}

internal sealed class FundingAllocationConfiguration : IEntityTypeConfiguration<FundingAllocation>
{
    public void Configure(EntityTypeBuilder<FundingAllocation> b)
    {
        b.Property(x => x.Recipient).HasMaxLength(300).IsRequired();
        b.Property(x => x.Amount).HasPrecision(12, 2);
        b.Property(x => x.Spent).HasPrecision(12, 2);
        b.Property(x => x.Note).HasMaxLength(2000);
        b.HasOne(x => x.FundingStream).WithMany(s => s.Allocations).HasForeignKey(x => x.FundingStreamId);
        b.HasOne(x => x.Action).WithMany(a => a.FundingAllocations).HasForeignKey(x => x.ActionId).OnDelete(DeleteBehavior.SetNull);
    }
}
