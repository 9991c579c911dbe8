using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;
using FluentValidation;

namespace CommunitySafety.Web.Features.Milestones;

/// <summary>What the milestone edit form submits; the server validates it again before anything is written.</summary>
public sealed class MilestoneForm
{
    public int Id { get; set; }
    /// <summary>Given when the form is filled in; the save is recorded under it, so a resubmit is not saved twice.</summary>
    public Guid SubmissionId { get; set; } = Guid.NewGuid();
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public MilestoneKind Kind { get; set; }
    public DateTime? DueDate { get; set; }
    public int? OwnerId { get; set; }
    public int? SignOffBoardId { get; set; }
    public DateTime? CompletedOn { get; set; }
    public int? StrategyId { get; set; }
    public int? ActionId { get; set; }
    public bool IsRestricted { get; set; }
    public string? ReminderLeadDays { get; set; }
    public Guid Version { get; set; }

    public static MilestoneForm From(Milestone m) => new()
    {
        Id = m.Id, Title = m.Title, Description = m.Description, Kind = m.Kind, DueDate = m.DueDate.ToDateTime(TimeOnly.MinValue),
        OwnerId = m.OwnerId, SignOffBoardId = m.SignOffBoardId, CompletedOn = m.CompletedOn?.ToDateTime(TimeOnly.MinValue),
        StrategyId = m.StrategyId, ActionId = m.ActionId, IsRestricted = m.IsRestricted, ReminderLeadDays = m.ReminderLeadDays,
        Version = m.Version,
    };
}

public sealed class MilestoneFormValidator : AbstractValidator<MilestoneForm>
{
    public MilestoneFormValidator(TimeProvider time)
    {
        RuleFor(f => f.Title).NotEmpty().WithMessage("Give the milestone a title.")
            .MaximumLength(300).WithMessage("A title is at most 300 characters.");
        RuleFor(f => f.Description).MaximumLength(4000).WithMessage("The description is at most 4,000 characters.");
        RuleFor(f => f.DueDate).NotNull().WithMessage("Give the date the milestone is due.")
            .WithinPlanDates("a due date");
        RuleFor(f => f.CompletedOn).WithinPlanDates("a completion date");
        RuleFor(f => f.CompletedOn)
            .Must(d => d is null || DateOnly.FromDateTime(d.Value) <= time.Today())
            .WithMessage("The completion date cannot be in the future.");
        RuleFor(f => f.ReminderLeadDays)
            .Matches(@"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$").When(f => !string.IsNullOrWhiteSpace(f.ReminderLeadDays))
            .WithMessage("Write the days before the due date separated by commas, such as 28,14,7,1,0.")
            .MaximumLength(100).WithMessage("At most 100 characters.");
    }
}
