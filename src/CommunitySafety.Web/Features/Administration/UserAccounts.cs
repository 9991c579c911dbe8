using System.Security.Claims;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Security;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Administration;

public sealed record UserAccountRow(
    string Id, string Email, string DisplayName, string Role, string? Partnership, string? Person, bool Cleared, bool LockedOut);

public sealed class UserAccountForm
{
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = AppRoles.BoardMember;
    public int? PartnershipId { get; set; }
    public int? PersonId { get; set; }
    public bool Cleared { get; set; }
    public string Password { get; set; } = "";
}

public sealed class UserAccountFormValidator : AbstractValidator<UserAccountForm>
{
    public UserAccountFormValidator()
    {
        RuleFor(f => f.Email).NotEmpty().WithMessage("Enter the person's email address.")
            .EmailAddress().WithMessage("Enter an email address like name@council.gov.uk.")
            .MaximumLength(256).WithMessage("An email address is at most 256 characters.");
        RuleFor(f => f.DisplayName).NotEmpty().WithMessage("Enter the name to show for this account.")
            .MaximumLength(200).WithMessage("A name is at most 200 characters.");
        RuleFor(f => f.Role).Must(r => AppRoles.All.Contains(r)).WithMessage("Choose a role.");
        RuleFor(f => f.PartnershipId).NotNull().When(f => f.Role != AppRoles.Administrator)
            .WithMessage("Choose the partnership this account works in.");
        RuleFor(f => f.PersonId).NotNull().When(f => f.Role == AppRoles.PartnerLead)
            .WithMessage("A partner lead must be linked to the person who leads the actions.");
        RuleFor(f => f.Password).MinimumLength(12).WithMessage("The first password must be at least 12 characters; the person can change it later.");
    }
}

/// <summary>Accounts and roles, for administrators only; every method re-checks that the caller is one.</summary>
public sealed class UserAccounts(
    UserManager<ApplicationUser> users,
    IDbContextFactory<AppDbContext> dbFactory,
    IValidator<UserAccountForm> validator)
{
    public async Task<IReadOnlyList<UserAccountRow>> ListAsync(Domain.Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (
            from u in db.Users
            join p in db.Partnerships on u.PartnershipId equals p.Id into ps
            from p in ps.DefaultIfEmpty()
            join person in db.People on u.PersonId equals person.Id into people
            from person in people.DefaultIfEmpty()
            orderby u.Email
            select new
            {
                u.Id, u.Email, u.DisplayName, Partnership = p == null ? null : p.Name, Person = person == null ? null : person.Name,
                u.LockoutEnd,
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
                Cleared = db.UserClaims.Any(c => c.UserId == u.Id && c.ClaimType == AppClaims.Cleared && c.ClaimValue == "true"),
            }).ToListAsync(ct);
        var now = DateTimeOffset.UtcNow;
        return rows.Select(r => new UserAccountRow(r.Id, r.Email ?? "", r.DisplayName, r.Role ?? "(none)", r.Partnership, r.Person, r.Cleared,
            r.LockoutEnd is { } end && end > now)).ToList();
    }

    public async Task<IReadOnlyList<ValidationFailure>> CreateAsync(Domain.Actor actor, UserAccountForm form, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) return [new ValidationFailure("", "Only an administrator can create accounts.")];
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid) return validation.Errors;

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (form.PartnershipId is { } partnershipId && !await db.Partnerships.AnyAsync(p => p.Id == partnershipId, ct))
                return [new ValidationFailure(nameof(form.PartnershipId), "Choose a partnership that exists.")];
            if (form.PersonId is { } personId && !await db.People.AnyAsync(p => p.Id == personId && p.PartnershipId == form.PartnershipId, ct))
                return [new ValidationFailure(nameof(form.PersonId), "Choose a person in that partnership.")];
        }

        var user = new ApplicationUser
        {
            UserName = form.Email.Trim(), Email = form.Email.Trim(), EmailConfirmed = true, DisplayName = form.DisplayName.Trim(),
            PartnershipId = form.Role == AppRoles.Administrator ? null : form.PartnershipId, PersonId = form.PersonId,
        };
        var created = await users.CreateAsync(user, form.Password);
        if (!created.Succeeded)
        {
            return created.Errors.Select(e => new ValidationFailure(e.Code.Contains("Password", StringComparison.Ordinal) ? nameof(form.Password) : nameof(form.Email), e.Description)).ToList();
        }

        // Identity's manager has no transaction across these calls, so a failure removes the half-made account.
        var roleAdded = await users.AddToRoleAsync(user, form.Role);
        var claimAdded = roleAdded.Succeeded && form.Cleared ? await users.AddClaimAsync(user, new Claim(AppClaims.Cleared, "true")) : IdentityResult.Success;
        if (!roleAdded.Succeeded || !claimAdded.Succeeded)
        {
            await users.DeleteAsync(user);
            return [new ValidationFailure("", "The account could not be created: " + string.Join(" ", roleAdded.Errors.Concat(claimAdded.Errors).Select(e => e.Description)))];
        }

        return [];
    }
}
