namespace CommunitySafety.Web.Features.Account;

/// <summary>What the sign-in pages say. One wording for every failed sign-in, so none of them tells which accounts exist.</summary>
public static class LoginMessages
{
    public const string NotRight = "The email address or password is not right, or the account cannot be used just now. Check them and try again; after several tries, wait 15 minutes.";
    public const string TooManyAttempts = "Too many sign-in attempts. Wait 15 minutes, then try again.";
    public const string PasswordsOff = "Passwords are not used here: sign in with your organisation's account.";

    /// <summary>Notices other pages send people back to the sign-in page with, by name, so no text comes from the address.</summary>
    public static string? Text(string name) => name switch
    {
        "password-set" => "Your password is set. Sign in with it now.",
        "reset-sent" => "If an account has that address, we have emailed it a link to choose a new password. The link works for 3 hours.",
        "no-account" => "There is no account for that sign-in here. Ask your partnership's coordinator to invite you, using the email address of your organisation's account.",
        "sso-failed" => "Signing in with your organisation's account did not complete. Try again, or ask your coordinator.",
        "disabled" => "This account cannot be used. Ask your partnership's coordinator.",
        "signed-out" => "Your account was changed, so you have been signed out. Sign in again to carry on.",
        _ => null,
    };
}
