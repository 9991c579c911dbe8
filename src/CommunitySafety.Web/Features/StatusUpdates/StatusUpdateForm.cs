using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;
using FluentValidation;

namespace CommunitySafety.Web.Features.StatusUpdates;

/// <summary>What a status update submits; the server works out the suggested RAG again and validates before writing.</summary>
public sealed class StatusUpdateForm
{
    public int ActionId { get; set; }
    /// <summary>Given when the form is filled in; the save is recorded under it, so a resubmit is not saved twice.</summary>
    public Guid SubmissionId { get; set; } = Guid.NewGuid();

    /// <summary>The action's version when the form was filled in: a save from an older version is a conflict.</summary>
    public Guid Version { get; set; }

    public ActionStatus Status { get; set; }
    public int ProgressPercent { get; set; }
    public RagRating Rag { get; set; }
    public RagRating SuggestedRag { get; set; }
    public string? RagOverrideReason { get; set; }
    public string Commentary { get; set; } = "";
    public string? NextSteps { get; set; }
    public bool IncludeInActivityReport { get; set; }
    public DateTime? CompletedOn { get; set; }

    /// <summary>The action's status, RAG and progress as they were loaded, to show what someone else changed.</summary>
    public ActionStatus LoadedStatus { get; set; }

    public RagRating LoadedRag { get; set; }
    public int LoadedProgressPercent { get; set; }

    public bool OverridesSuggestion => Rag != SuggestedRag;
}

public sealed class StatusUpdateFormValidator : AbstractValidator<StatusUpdateForm>
{
    public StatusUpdateFormValidator()
    {
        RuleFor(f => f.Commentary).Must(c => !string.IsNullOrWhiteSpace(c))
            .WithMessage("Say what has happened since the last update.")
            .MaximumLength(8000).WithMessage("The commentary is at most 8,000 characters.");
        RuleFor(f => f.NextSteps).MaximumLength(4000).WithMessage("Next steps are at most 4,000 characters.");
        RuleFor(f => f.ProgressPercent).InclusiveBetween(0, 100).WithMessage("Progress is a percentage from 0 to 100.");
        RuleFor(f => f.ProgressPercent).Equal(100).When(f => f.Status == ActionStatus.Completed)
            .WithMessage("A completed action is 100% done.");
        RuleFor(f => f.Rag).Equal(RagRating.Complete).When(f => f.Status == ActionStatus.Completed)
            .WithMessage("A completed action is rated Complete.");
        RuleFor(f => f.Rag).NotEqual(RagRating.Complete).When(f => f.Status != ActionStatus.Completed)
            .WithMessage("Only a completed action can be rated Complete.");
        RuleFor(f => f.CompletedOn).NotNull().When(f => f.Status == ActionStatus.Completed)
            .WithMessage("Give the date the action was completed.");
        RuleFor(f => f.CompletedOn).WithinPlanDates("a completion date");
        RuleFor(f => f.RagOverrideReason).Must(r => !string.IsNullOrWhiteSpace(r)).When(f => f.OverridesSuggestion)
            .WithMessage(f => ReasonNeeded(f.SuggestedRag, f.Rag))
            .MaximumLength(2000).WithMessage("The reason is at most 2,000 characters.");
    }

    public static string ReasonNeeded(RagRating suggested, RagRating chosen) =>
        $"The rules suggest {suggested.Label()}: say why you rate it {chosen.Label()}.";
}
