using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Components.Shared;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Outcomes;

public sealed class MeasurementForm
{
    public int OutcomeId { get; set; }
    /// <summary>Given when the form is filled in; the save is recorded under it, so a resubmit is not saved twice.</summary>
    public Guid SubmissionId { get; set; } = Guid.NewGuid();
    public string Period { get; set; } = "";
    public DateTime? PeriodEnd { get; set; }
    public decimal? Value { get; set; }
    public string? Source { get; set; }
    public string? Note { get; set; }
}

internal sealed class MeasurementFormValidator : AbstractValidator<MeasurementForm>
{
    public MeasurementFormValidator()
    {
        RuleFor(f => f.Period).NotEmpty().WithMessage("Enter the period, as the partnership names it (for example 2026/27 Q2).")
            .MaximumLength(100).WithMessage("The period must be 100 characters or fewer.");
        RuleFor(f => f.PeriodEnd).NotNull().WithMessage("Enter the last day of the period.")
            .WithinPlanDates("the last day of the period");
        RuleFor(f => f.Value).NotNull().WithMessage("Enter the value measured.")
            .InclusiveBetween(-1_000_000_000m, 1_000_000_000m).WithMessage("Enter a value between minus and plus one billion.");
        RuleFor(f => f.Source).MaximumLength(300).WithMessage("The source must be 300 characters or fewer.");
        RuleFor(f => f.Note).MaximumLength(2000).WithMessage("The note must be 2,000 characters or fewer.");
    }
}

/// <summary>Records measurements: only coordinators of the outcome's own partnership, and restricted outcomes only if cleared.</summary>
public sealed class OutcomeEditor(IDbContextFactory<AppDbContext> dbFactory, IValidator<MeasurementForm> validator, SaveGuard guard)
{
    public Task<SaveResult> RecordAsync(int partnershipId, MeasurementForm form, Actor actor, CancellationToken ct = default) =>
        guard.RunAsync<Measurement>(form.SubmissionId, 0, $"measurement {form.Period} of outcome {form.OutcomeId}", actor, () => RecordOnceAsync(partnershipId, form, actor, ct), ct);

    private async Task<SaveResult> RecordOnceAsync(int partnershipId, MeasurementForm form, Actor actor, CancellationToken ct)
    {
        if (!actor.CanSeePartnership(partnershipId)) return SaveResult.NotFound;
        if (!actor.CanEditStrategy(partnershipId)) return new SaveResult(SaveOutcome.Forbidden, Message: "Only the partnership's coordinator may record measurements.");
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid) return SaveResult.Invalid(validation.Errors);

        await using var db = await dbFactory.CreateDbContextAsync(actor, form.SubmissionId, ct);
        var outcome = await db.Outcomes.SingleOrDefaultAsync(o => o.Id == form.OutcomeId && o.Priority!.Strategy!.PartnershipId == partnershipId
                                                                   && (actor.IsCleared || !o.IsRestricted), ct);
        if (outcome is null) return new SaveResult(SaveOutcome.NotFound, Message: "That outcome does not exist, or you cannot see it.");
        var measurement = new Measurement
        {
            OutcomeId = outcome.Id,
            Period = form.Period.Trim(),
            PeriodEnd = DateOnly.FromDateTime(form.PeriodEnd!.Value),
            Value = form.Value!.Value,
            Source = string.IsNullOrWhiteSpace(form.Source) ? null : form.Source.Trim(),
            Note = string.IsNullOrWhiteSpace(form.Note) ? null : form.Note.Trim(),
        };
        db.Measurements.Add(measurement);
        await db.SaveChangesAsync(ct);
        return new SaveResult(SaveOutcome.Saved, measurement.Id);
    }
}
