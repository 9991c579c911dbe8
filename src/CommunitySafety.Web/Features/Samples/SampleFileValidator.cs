using CommunitySafety.Domain;
using FluentValidation;

namespace CommunitySafety.Web.Features.Samples;

/// <summary>Checks a sample file as a whole before anything is written: every key it refers to must exist in it.</summary>
public sealed class SampleFileValidator : AbstractValidator<SampleFile>
{
    public SampleFileValidator()
    {
        RuleFor(f => f.ReferenceDate).NotEmpty();
        RuleFor(f => f.Partnership.Name).NotEmpty().WithName("partnership name");
        RuleFor(f => f.Partnership.Slug).NotEmpty().Matches("^[a-z0-9-]+$")
            .WithMessage("The partnership slug must be lower-case letters, digits and hyphens.");
        RuleFor(f => f.Organisations).Must(UniqueKeys<SampleOrganisation>(o => o.Key)).WithMessage("Organisation keys must be unique.");
        RuleFor(f => f.People).Must(UniqueKeys<SamplePerson>(p => p.Key)).WithMessage("Person keys must be unique.");
        RuleFor(f => f.Boards).Must(UniqueKeys<SampleBoard>(b => b.Key)).WithMessage("Board keys must be unique.");
        RuleFor(f => f).Custom((file, context) =>
        {
            var orgs = file.Organisations.Select(o => o.Key).ToHashSet();
            var people = file.People.Select(p => p.Key).ToHashSet();
            var boards = file.Boards.Select(b => b.Key).ToHashSet();
            var strategies = file.Strategies.Select(s => s.Key).ToHashSet();
            var actions = new HashSet<string>();

            void Need(HashSet<string> keys, string? key, string what, string where)
            {
                if (key is not null && !keys.Contains(key)) context.AddFailure($"{where}: no {what} with key '{key}'.");
            }

            void Date(DateOnly? day, string where)
            {
                if (day is { } d && !PlanDates.IsSane(d)) context.AddFailure($"{where}: the date {d:yyyy-MM-dd} is not {PlanDates.RangeText}.");
            }

            Date(file.ReferenceDate, "Reference date");
            foreach (var b in file.Boards)
            {
                foreach (var m in b.Meetings) Date(DateOnly.FromDateTime(m.StartsAt), $"Board '{b.Key}' meeting");
            }

            foreach (var p in file.People) Need(orgs, p.Organisation, "organisation", $"Person '{p.Key}'");
            foreach (var b in file.Boards)
            {
                Need(people, b.Chair, "person", $"Board '{b.Key}' chair");
                Need(boards, b.Parent, "board", $"Board '{b.Key}' parent");
                foreach (var m in b.Members) Need(people, m.Person, "person", $"Board '{b.Key}' member");
            }

            foreach (var s in file.Strategies)
            {
                if (s.PeriodEnd < s.PeriodStart) context.AddFailure($"Strategy '{s.Key}' ends before it starts.");
                Date(s.PeriodStart, $"Strategy '{s.Key}' start");
                Date(s.PeriodEnd, $"Strategy '{s.Key}' end");
                Date(s.AdoptedOn, $"Strategy '{s.Key}' adoption");
                foreach (var p in s.Priorities)
                {
                    if (string.IsNullOrWhiteSpace(p.Title)) context.AddFailure($"A priority of strategy '{s.Key}' has no title.");
                    foreach (var o in p.Outcomes)
                    {
                        Date(o.TargetDate, $"Outcome '{o.Title}' target");
                        foreach (var m in o.Measurements) Date(m.PeriodEnd, $"Outcome '{o.Title}' measurement {m.Period}");
                    }

                    foreach (var a in p.Actions)
                    {
                        if (!actions.Add(a.Reference)) context.AddFailure($"Action reference '{a.Reference}' is used twice.");
                        if (string.IsNullOrWhiteSpace(a.Title)) context.AddFailure($"Action '{a.Reference}' has no title.");
                        if (a.Progress is < 0 or > 100) context.AddFailure($"Action '{a.Reference}' progress must be 0 to 100.");
                        if (a.Start is { } start && a.Due is { } due && due < start) context.AddFailure($"Action '{a.Reference}' is due before it starts.");
                        Date(a.Start, $"Action '{a.Reference}' start");
                        Date(a.Due, $"Action '{a.Reference}' due");
                        Date(a.CompletedOn, $"Action '{a.Reference}' completion");
                        Need(orgs, a.LeadOrganisation, "organisation", $"Action '{a.Reference}'");
                        Need(people, a.LeadPerson, "person", $"Action '{a.Reference}'");
                        Need(boards, a.Board, "board", $"Action '{a.Reference}'");
                        foreach (var u in a.Updates)
                        {
                            Need(people, u.Author, "person", $"Action '{a.Reference}' update");
                            Date(DateOnly.FromDateTime(u.RecordedAt), $"Action '{a.Reference}' update");
                            if (string.IsNullOrWhiteSpace(u.Commentary)) context.AddFailure($"Action '{a.Reference}' has an update with no commentary.");
                        }
                    }
                }
            }

            foreach (var m in file.Milestones)
            {
                Need(people, m.Owner, "person", $"Milestone '{m.Title}'");
                Date(m.Due, $"Milestone '{m.Title}' due");
                Date(m.CompletedOn, $"Milestone '{m.Title}' completion");
                Need(boards, m.SignOffBoard, "board", $"Milestone '{m.Title}'");
                Need(strategies, m.Strategy, "strategy", $"Milestone '{m.Title}'");
                Need(actions, m.Action, "action", $"Milestone '{m.Title}'");
            }

            foreach (var r in file.Risks)
            {
                if (r.Likelihood is < 1 or > 6) context.AddFailure($"Risk {r.Number}: likelihood must be 1 to 6.");
                if (r.Impact is < 1 or > 4) context.AddFailure($"Risk {r.Number}: impact must be 1 to 4.");
            }

            foreach (var f in file.Funding)
            {
                if (f.Allocations.Sum(a => a.Amount) > f.Amount) context.AddFailure($"Funding '{f.Name}' allocates more than its amount.");
                foreach (var a in f.Allocations)
                {
                    Need(actions, a.Action, "action", $"Funding '{f.Name}' allocation");
                    Date(a.AllocatedOn, $"Funding '{f.Name}' allocation");
                }
            }

            foreach (var account in file.DemoAccounts)
            {
                Need(people, account.Person, "person", $"Demo account '{account.Email}'");
                if (!Security.AppRoles.All.Contains(account.Role)) context.AddFailure($"Demo account '{account.Email}': unknown role '{account.Role}'.");
            }
        });
    }

    private static Func<List<T>, bool> UniqueKeys<T>(Func<T, string> key) =>
        list => list.Select(key).Distinct(StringComparer.Ordinal).Count() == list.Count;
}
