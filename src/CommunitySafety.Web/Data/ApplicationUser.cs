using Microsoft.AspNetCore.Identity;

namespace CommunitySafety.Web.Data;

public class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The person in the partnership this account belongs to; null for a system administrator.</summary>
    public int? PersonId { get; set; }

    /// <summary>The partnership the account works in; null means every partnership (administrators).</summary>
    public int? PartnershipId { get; set; }
}
