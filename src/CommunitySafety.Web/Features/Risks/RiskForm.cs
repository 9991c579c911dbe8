using CommunitySafety.Domain;
using FluentValidation;

namespace CommunitySafety.Web.Features.Risks;

/// <summary>What the risk edit form submits; the server validates it again before anything is written.</summary>
public sealed class RiskForm
{
    public int Id { get; set; }
    /// <summary>Given when the form is filled in; the save is recorded under it, so a resubmit is not saved twice.</summary>
    public Guid SubmissionId { get; set; } = Guid.NewGuid();
    public string Description { get; set; } = "";
    public int Likelihood { get; set; } = 1;
    public int Impact { get; set; } = 1;
    public string? Mitigation { get; set; }
    public string? Owner { get; set; }

    public static RiskForm From(Risk r) => new()
    {
        Id = r.Id, Description = r.Description, Likelihood = r.Likelihood, Impact = r.Impact, Mitigation = r.Mitigation, Owner = r.Owner,
    };
}

public sealed class RiskFormValidator : AbstractValidator<RiskForm>
{
    public RiskFormValidator()
    {
        RuleFor(f => f.Description).NotEmpty().WithMessage("Describe the risk.")
            .MaximumLength(2000).WithMessage("The description is at most 2,000 characters.");
        RuleFor(f => f.Likelihood).InclusiveBetween(1, 6).WithMessage("Likelihood is scored from 1 (almost impossible) to 6 (very high).");
        RuleFor(f => f.Impact).InclusiveBetween(1, 4).WithMessage("Impact is scored from 1 (negligible) to 4 (catastrophic).");
        RuleFor(f => f.Mitigation).MaximumLength(4000).WithMessage("The mitigation is at most 4,000 characters.");
        RuleFor(f => f.Owner).MaximumLength(200).WithMessage("The owner is at most 200 characters.");
    }
}
