using System.Net;
using System.Text.RegularExpressions;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Administration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CommunitySafety.Web.Tests.Administration;

/// <summary>The test app with its own SMTP server on 127.0.0.1, for invitations and password resets.</summary>
public sealed class AccountsTestApp : ReminderTestApp
{
    public AccountsTestApp() : this(new SmtpTestServer())
    {
    }

    private AccountsTestApp(SmtpTestServer smtp) : base(smtp) => Smtp = smtp;

    public SmtpTestServer Smtp { get; }

    public async Task<T> AccountsAsync<T>(Func<UserAccounts, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<UserAccounts>());
    }

    /// <summary>The one email to this address with this in its subject (an invitation, a reset).</summary>
    public MimeMessage MailTo(string email, string subject) =>
        Assert.Single(Smtp.Messages(), m => m.To.Equals(email, StringComparison.OrdinalIgnoreCase) && (m.Message.Subject ?? "").Contains(subject, StringComparison.Ordinal)).Message;

    /// <summary>The set-your-password link in the email to this address with this subject, as a path on this app.</summary>
    public string SetPasswordPathFor(string email, string subject = "invited")
    {
        var text = MailTo(email, subject).TextBody ?? "";
        var link = Regex.Match(text, @"https?://\S+/account/set-password\S+").Value;
        Assert.False(string.IsNullOrEmpty(link), "No set-password link in: " + text);
        return new Uri(link).PathAndQuery;
    }

    /// <summary>Opens a set-password link and posts a password through its form, as a browser would.</summary>
    public async Task<HttpResponseMessage> SetPasswordAsync(string path, string password)
    {
        var client = CreateClientWithoutRedirects();
        var page = await client.GetStringAsync(path);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        if (token.Length == 0) return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(page) };
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "set-password",
            ["__RequestVerificationToken"] = token,
            ["Input.Password"] = password,
            ["Input.Confirm"] = password,
        }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Smtp.Dispose();
    }
}
