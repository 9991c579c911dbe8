using CommunitySafety.Web.Security;
using FluentValidation;

namespace CommunitySafety.Web.Features.Administration;

public sealed class UserAccountForm
{
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public List<string> Roles { get; set; } = [AppRoles.BoardMember];
    public int? PartnershipId { get; set; }
    public int? PersonId { get; set; }
    public bool Cleared { get; set; }

    public static UserAccountForm From(UserAccountRow row) => new()
    {
        Email = row.Email, DisplayName = row.DisplayName, Roles = [.. row.Roles], PartnershipId = row.PartnershipId, PersonId = row.PersonId, Cleared = row.Cleared,
    };
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
        RuleFor(f => f.Roles).NotEmpty().WithMessage("Choose at least one role.")
            .Must(r => r.All(AppRoles.All.Contains)).WithMessage("Choose roles from the list.");
        RuleFor(f => f.PartnershipId).NotNull().When(f => !(f.Roles.Count == 1 && f.Roles[0] == AppRoles.Administrator))
            .WithMessage("Choose the partnership this account works in.");
        RuleFor(f => f.PersonId).NotNull().When(f => f.Roles.Contains(AppRoles.PartnerLead))
            .WithMessage("A partner lead must be linked to the person who leads the actions.");
    }
}
