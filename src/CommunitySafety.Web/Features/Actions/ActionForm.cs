using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;
using FluentValidation;

namespace CommunitySafety.Web.Features.Actions;

/// <summary>
/// What the action edit form submits; the server validates it again before anything is written. It has no status,
/// RAG or progress: those change only through a status update, so an edit can never carry them, whatever the page sends.
/// </summary>
public sealed class ActionForm
{
    public int Id { get; set; }
    /// <summary>Given when the form is filled in; the save is recorded under it, so a resubmit is not saved twice.</summary>
    public Guid SubmissionId { get; set; } = Guid.NewGuid();
    public int? PriorityId { get; set; }
    public string Reference { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public int? LeadOrganisationId { get; set; }
    public int? LeadPersonId { get; set; }
    public int? DeputyPersonId { get; set; }
    public int? BoardId { get; set; }
    public DateTime? StartDate { get; set; }
    public DateTime? DueDate { get; set; }
    public bool IsRestricted { get; set; }
    public Guid Version { get; set; }

    /// <summary>The action as it was when the form was filled in, to tell my changes from someone else's.</summary>
    public ActionForm? Loaded { get; set; }

    public static ActionForm From(Action a)
    {
        var form = Snapshot(a);
        form.Loaded = Snapshot(a);
        return form;
    }

    private static ActionForm Snapshot(Action a) => new()
    {
        Id = a.Id, PriorityId = a.PriorityId, Reference = a.Reference, Title = a.Title, Description = a.Description,
        LeadOrganisationId = a.LeadOrganisationId, LeadPersonId = a.LeadPersonId, DeputyPersonId = a.DeputyPersonId, BoardId = a.BoardId,
        StartDate = a.StartDate?.ToDateTime(TimeOnly.MinValue), DueDate = a.DueDate?.ToDateTime(TimeOnly.MinValue),
        IsRestricted = a.IsRestricted, Version = a.Version,
    };

    private static readonly (string Label, Func<ActionForm, string> Value, System.Action<ActionForm, ActionForm> Copy)[] Fields =
    [
        ("Priority", f => $"{f.PriorityId}", (from, to) => to.PriorityId = from.PriorityId),
        ("Reference", f => f.Reference.Trim(), (from, to) => to.Reference = from.Reference),
        ("Title", f => f.Title.Trim(), (from, to) => to.Title = from.Title),
        ("Description", f => f.Description?.Trim() ?? "", (from, to) => to.Description = from.Description),
        ("Lead organisation", f => $"{f.LeadOrganisationId}", (from, to) => to.LeadOrganisationId = from.LeadOrganisationId),
        ("Lead person", f => $"{f.LeadPersonId}", (from, to) => to.LeadPersonId = from.LeadPersonId),
        ("Deputy", f => $"{f.DeputyPersonId}", (from, to) => to.DeputyPersonId = from.DeputyPersonId),
        ("Overseeing board", f => $"{f.BoardId}", (from, to) => to.BoardId = from.BoardId),
        ("Start date", f => Day(f.StartDate), (from, to) => to.StartDate = from.StartDate),
        ("Due date", f => Day(f.DueDate), (from, to) => to.DueDate = from.DueDate),
        ("Restricted", f => f.IsRestricted ? "Yes" : "No", (from, to) => to.IsRestricted = from.IsRestricted),
    ];

    private static string Day(DateTime? d) => d is null ? "—" : d.Value.ToString("d MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>
    /// The fields this (the saved version) differs in from what the editor loaded, with the editor's value beside
    /// each; without what was loaded, every field where the two versions differ.
    /// </summary>
    public IReadOnlyList<FieldDifference> Differences(ActionForm? loaded, ActionForm mine) =>
        [.. Fields.Where(f => f.Value(this) != f.Value(loaded ?? mine) || (loaded is null && f.Value(this) != f.Value(mine)))
            .Select(f => new FieldDifference(f.Label, f.Value(this), f.Value(mine)))];

    /// <summary>Keeps everything in this (the saved version) and re-applies the fields the editor changed.</summary>
    public ActionForm Merge(ActionForm mine)
    {
        var merged = Copy();
        merged.Loaded = Copy();
        foreach (var field in Fields.Where(f => mine.Loaded is null || f.Value(mine) != f.Value(mine.Loaded)))
        {
            field.Copy(mine, merged);
        }

        return merged;
    }

    private ActionForm Copy()
    {
        var copy = (ActionForm)MemberwiseClone();
        copy.Loaded = null;
        return copy;
    }
}

public sealed class ActionFormValidator : AbstractValidator<ActionForm>
{
    public ActionFormValidator()
    {
        RuleFor(f => f.PriorityId).NotNull().WithMessage("Choose the priority this action serves.");
        RuleFor(f => f.Reference).NotEmpty().WithMessage("Give the action a reference, such as VC-03.")
            .MaximumLength(20).WithMessage("A reference is at most 20 characters.")
            .Matches(@"^[A-Za-z0-9][A-Za-z0-9\-\./]*$").WithMessage("Use letters, digits and hyphens only, such as VC-03.");
        RuleFor(f => f.Title).NotEmpty().WithMessage("Give the action a title.")
            .MaximumLength(300).WithMessage("A title is at most 300 characters.");
        RuleFor(f => f.Description).MaximumLength(8000).WithMessage("The description is at most 8,000 characters.");
        RuleFor(f => f.StartDate).WithinPlanDates("a start date");
        RuleFor(f => f.DueDate).WithinPlanDates("a due date");
        RuleFor(f => f.DueDate).GreaterThanOrEqualTo(f => f.StartDate).When(f => f.StartDate is not null && f.DueDate is not null)
            .WithMessage("The due date cannot be before the start date.");
    }
}
