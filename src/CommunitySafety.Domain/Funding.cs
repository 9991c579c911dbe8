namespace CommunitySafety.Domain;

public class FundingStream
{
    public int Id { get; set; }
    public int PartnershipId { get; set; }
    public Partnership? Partnership { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Where the money comes from, e.g. "Office of the Police and Crime Commissioner".</summary>
    public string Source { get; set; } = "";

    /// <summary>UK financial year, e.g. "2021/22".</summary>
    public string FinancialYear { get; set; } = "";

    public decimal Amount { get; set; }
    public bool IsRestricted { get; set; }
    public List<FundingAllocation> Allocations { get; set; } = [];

    public decimal Allocated => Allocations.Sum(a => a.Amount);
    public decimal Unallocated => Amount - Allocated;
}

public class FundingAllocation
{
    public int Id { get; set; }
    public int FundingStreamId { get; set; }
    public FundingStream? FundingStream { get; set; }
    public int? ActionId { get; set; }
    public Action? Action { get; set; }
    public string Recipient { get; set; } = "";
    public decimal Amount { get; set; }
    public decimal Spent { get; set; }
    public DateOnly? AllocatedOn { get; set; }
    public string? Note { get; set; }
}
