using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace CommunitySafety.Web.Features.Reminders;

/// <summary>
/// Unguessable tokens for links that work without a password. Only the SHA-256 of a token is stored, so the
/// database alone cannot be turned into working links, and revoking the row kills the link.
/// </summary>
public static class SecretTokens
{
    public static (string Token, string Hash) New()
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    /// <summary>The hash to look a token up by; null for anything that cannot be one of ours (tampered, truncated).</summary>
    public static string? HashOrNull(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? Hash(token) : null;

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)));
}
