namespace CommunitySafety.Web.Security;

/// <summary>
/// Single sign-on with an OpenID Connect provider (Microsoft Entra ID, or any other), switched on by setting
/// <see cref="Authority"/> and <see cref="ClientId"/>. Sign-on only finds existing accounts, by verified email.
/// </summary>
public sealed class SingleSignOnOptions
{
    public const string Section = "Authentication:OpenIdConnect";
    public const string Scheme = "oidc";

    /// <summary>The provider's issuer, e.g. https://login.microsoftonline.com/{tenant}/v2.0.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>What the sign-in button says.</summary>
    public string DisplayName { get; set; } = "your organisation's account";

    /// <summary>
    /// Accept the email claim only with email_verified = true. Microsoft Entra ID sends no email_verified claim for
    /// work accounts: set false only for a provider that vouches for every address it issues (your own tenant).
    /// </summary>
    public bool RequireVerifiedEmail { get; set; } = true;

    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>Whether accounts may sign in with a password here. Off when everyone signs in through single sign-on.</summary>
public sealed class LocalPasswordOptions
{
    public const string Section = "Authentication:LocalPasswords";

    public bool Enabled { get; set; } = true;
}
