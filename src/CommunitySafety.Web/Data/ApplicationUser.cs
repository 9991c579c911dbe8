using Microsoft.AspNetCore.Identity;

namespace CommunitySafety.Web.Data;

public class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The person in the partnership this account belongs to; null for a system administrator.</summary>
    public int? PersonId { get; set; }

    /// <summary>The partnership the account works in; null means every partnership (administrators).</summary>
    public int? PartnershipId { get; set; }

    /// <summary>When an administrator or coordinator disabled the account (UTC); a disabled account cannot sign in.</summary>
    public DateTime? DisabledAt { get; set; }

    /// <summary>The last successful sign-in (UTC), by password, two-step or single sign-on.</summary>
    public DateTime? LastSignInAt { get; set; }

    /// <summary>When the latest invitation was sent (UTC); null once a password is set or for accounts made otherwise.</summary>
    public DateTime? InvitedAt { get; set; }
}
