using System.Net;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Administration;
using CommunitySafety.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Security;

public class UserAccountsTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<IReadOnlyList<FluentValidation.Results.ValidationFailure>> CreateAsync(string asEmail, UserAccountForm form)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(await app.ActorAsync(asEmail), form);
    }

    [Fact]
    public async Task Only_administrators_reach_the_accounts_page()
    {
        var coordinator = await app.SignedInClientAsync("coordinator@safermk.example");
        var admin = await app.SignedInClientAsync("admin@safermk.example");

        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.GetAsync("/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_creates_a_partner_lead_who_can_then_sign_in()
    {
        var safermk = await app.PartnershipIdAsync("safermk");
        var person = await app.WithDbAsync(db => db.People.Where(p => p.PartnershipId == safermk && p.Name == "Paul Scanes").Select(p => p.Id).SingleAsync());

        var errors = await CreateAsync("admin@safermk.example", new UserAccountForm
        {
            Email = "paul.scanes@bucksfire.example", DisplayName = "Paul Scanes", Role = AppRoles.PartnerLead,
            PartnershipId = safermk, PersonId = person, Password = "fire and rescue 2026",
        });

        Assert.Empty(errors);
        var actor = await app.ActorAsync("paul.scanes@bucksfire.example");
        Assert.True(actor.IsPartnerLead);
        Assert.Equal(person, actor.PersonId);
        Assert.False(actor.IsCleared);
        var client = app.CreateClientWithoutRedirects();
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostSignInAsync(client, "paul.scanes@bucksfire.example", "fire and rescue 2026")).StatusCode);
    }

    [Fact]
    public async Task Bad_answers_are_refused_with_messages_and_no_account_is_made()
    {
        var errors = await CreateAsync("admin@safermk.example", new UserAccountForm
        {
            Email = "not-an-email", DisplayName = "", Role = AppRoles.PartnerLead, PartnershipId = null, Password = "short",
        });

        Assert.Contains(errors, e => e.PropertyName == nameof(UserAccountForm.Email));
        Assert.Contains(errors, e => e.PropertyName == nameof(UserAccountForm.DisplayName));
        Assert.Contains(errors, e => e.PropertyName == nameof(UserAccountForm.PartnershipId));
        Assert.Contains(errors, e => e.PropertyName == nameof(UserAccountForm.PersonId));
        Assert.Contains(errors, e => e.PropertyName == nameof(UserAccountForm.Password));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "not-an-email")));
    }

    [Fact]
    public async Task A_person_of_another_partnership_is_refused()
    {
        var safermk = await app.PartnershipIdAsync("safermk");
        var meltonPerson = await app.WithDbAsync(db => db.People.Where(p => p.Partnership!.Slug == "melton").Select(p => p.Id).FirstAsync());

        var errors = await CreateAsync("admin@safermk.example", new UserAccountForm
        {
            Email = "mixed@example.org", DisplayName = "Mixed", Role = AppRoles.BoardMember, PartnershipId = safermk, PersonId = meltonPerson,
            Password = "a long enough passphrase",
        });

        Assert.Contains(errors, e => e.PropertyName == nameof(UserAccountForm.PersonId));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "mixed@example.org")));
    }

    [Fact]
    public async Task A_coordinator_cannot_create_accounts_even_by_calling_the_service()
    {
        var errors = await CreateAsync("coordinator@safermk.example", new UserAccountForm
        {
            Email = "sneaky@example.org", DisplayName = "Sneaky", Role = AppRoles.Administrator, Password = "a long enough passphrase",
        });

        Assert.NotEmpty(errors);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "sneaky@example.org")));
    }
}
