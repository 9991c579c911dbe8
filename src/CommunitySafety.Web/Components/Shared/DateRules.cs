using CommunitySafety.Domain;
using FluentValidation;

namespace CommunitySafety.Web.Components.Shared;

/// <summary>The plan's date range (<see cref="PlanDates"/>) as a validator rule, for every form and import that takes a date.</summary>
public static class DateRules
{
    public static IRuleBuilderOptions<T, DateTime?> WithinPlanDates<T>(this IRuleBuilder<T, DateTime?> rule, string what) =>
        rule.Must(d => d is null || PlanDates.IsSane(d.Value)).WithMessage($"Give {what} {PlanDates.RangeText}.");

    public static IRuleBuilderOptions<T, DateOnly?> WithinPlanDates<T>(this IRuleBuilder<T, DateOnly?> rule, string what) =>
        rule.Must(d => d is null || PlanDates.IsSane(d.Value)).WithMessage($"Give {what} {PlanDates.RangeText}.");
}
