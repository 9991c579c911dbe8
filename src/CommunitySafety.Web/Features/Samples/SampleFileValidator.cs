using CommunitySafety.Domain;
using FluentValidation;
using FluentValidation.Results;

namespace CommunitySafety.Web.Features.Samples;

/// <summary>
/// Checks a sample file as a whole before anything is written: every key it refers to exists in it, and nothing is
/// doubled that the database allows only once (an organisation's or a board's name in a partnership, a person on a
/// board, an action's reference, a demo account's email). Each failure names the place in the file by its JSON path.
/// </summary>
public sealed class SampleFileValidator : AbstractValidator<SampleFile>
{
    public SampleFileValidator()
    {
        RuleFor(f => f.ReferenceDate).NotEmpty().WithMessage("Give the date the file is written as of.");
        RuleFor(f => f.Partnership.Name).NotEmpty().WithMessage("Give the partnership a name.");
        RuleFor(f => f.Partnership.Slug).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Give the partnership a slug.")
            .Matches("^[a-z0-9-]+$").WithMessage("The partnership slug must be lower-case letters, digits and hyphens.");
        RuleFor(f => f).Custom((file, context) => new Checks(file, context).Run());
    }

    private sealed class Checks(SampleFile file, ValidationContext<SampleFile> context)
    {
        private readonly HashSet<string> orgs = file.Organisations.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> people = file.People.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> boards = file.Boards.Select(b => b.Key).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> strategies = file.Strategies.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> actions = new(StringComparer.Ordinal);

        public void Run()
        {
            Unique(file.Organisations, "organisations", "key", o => o.Key, StringComparer.Ordinal, k => $"the organisation key '{k}' is used twice");
            Unique(file.People, "people", "key", p => p.Key, StringComparer.Ordinal, k => $"the person key '{k}' is used twice");
            Unique(file.Boards, "boards", "key", b => b.Key, StringComparer.Ordinal, k => $"the board key '{k}' is used twice");
            Unique(file.Strategies, "strategies", "key", s => s.Key, StringComparer.Ordinal, k => $"the strategy key '{k}' is used twice");
            Unique(file.Organisations, "organisations", "name", o => o.Name, StringComparer.OrdinalIgnoreCase,
                n => $"two organisations are called '{n}': a partnership has one organisation of a name");
            Unique(file.Boards, "boards", "name", b => b.Name, StringComparer.OrdinalIgnoreCase,
                n => $"two boards are called '{n}': a partnership has one board of a name");
            Unique(file.DemoAccounts, "demoAccounts", "email", a => a.Email, StringComparer.OrdinalIgnoreCase,
                e => $"two demo accounts have the email {e}: an email signs in one account");

            for (var i = 0; i < file.Organisations.Count; i++) Required($"organisations[{i}].name", file.Organisations[i].Name, "The organisation has no name.");
            for (var i = 0; i < file.People.Count; i++)
            {
                var p = file.People[i];
                Required($"people[{i}].name", p.Name, $"Person '{p.Key}' has no name.");
                Need(orgs, p.Organisation, "organisation", $"people[{i}].organisation", $"Person '{p.Key}'");
            }

            Date(file.ReferenceDate, "referenceDate", "The reference date");
            for (var i = 0; i < file.Boards.Count; i++) Board(file.Boards[i], $"boards[{i}]");
            for (var i = 0; i < file.Strategies.Count; i++) Strategy(file.Strategies[i], $"strategies[{i}]");

            for (var i = 0; i < file.Milestones.Count; i++)
            {
                var m = file.Milestones[i];
                var at = $"milestones[{i}]";
                Required($"{at}.title", m.Title, "The milestone has no title.");
                Need(people, m.Owner, "person", $"{at}.owner", $"Milestone '{m.Title}'");
                Date(m.Due, $"{at}.due", $"Milestone '{m.Title}' due");
                Date(m.CompletedOn, $"{at}.completedOn", $"Milestone '{m.Title}' completion");
                Need(boards, m.SignOffBoard, "board", $"{at}.signOffBoard", $"Milestone '{m.Title}'");
                Need(strategies, m.Strategy, "strategy", $"{at}.strategy", $"Milestone '{m.Title}'");
                Need(actions, m.Action, "action", $"{at}.action", $"Milestone '{m.Title}'");
            }

            for (var i = 0; i < file.Risks.Count; i++)
            {
                var r = file.Risks[i];
                Required($"risks[{i}].description", r.Description, $"Risk {r.Number} has no description.");
                if (r.Likelihood is < 1 or > 6) Fail($"risks[{i}].likelihood", $"Risk {r.Number}: likelihood must be 1 to 6.");
                if (r.Impact is < 1 or > 4) Fail($"risks[{i}].impact", $"Risk {r.Number}: impact must be 1 to 4.");
            }

            for (var i = 0; i < file.Funding.Count; i++)
            {
                var f = file.Funding[i];
                Required($"funding[{i}].name", f.Name, "The funding stream has no name.");
                if (f.Allocations.Sum(a => a.Amount) > f.Amount) Fail($"funding[{i}].allocations", $"Funding '{f.Name}' allocates more than its amount.");
                for (var j = 0; j < f.Allocations.Count; j++)
                {
                    Need(actions, f.Allocations[j].Action, "action", $"funding[{i}].allocations[{j}].action", $"Funding '{f.Name}' allocation");
                    Date(f.Allocations[j].AllocatedOn, $"funding[{i}].allocations[{j}].allocatedOn", $"Funding '{f.Name}' allocation");
                }
            }

            for (var i = 0; i < file.DemoAccounts.Count; i++)
            {
                var account = file.DemoAccounts[i];
                if (!System.Net.Mail.MailAddress.TryCreate(account.Email, out _)) Fail($"demoAccounts[{i}].email", $"'{account.Email}' is not an email address.");
                Need(people, account.Person, "person", $"demoAccounts[{i}].person", $"Demo account '{account.Email}'");
                if (!Security.AppRoles.All.Contains(account.Role)) Fail($"demoAccounts[{i}].role", $"Demo account '{account.Email}': unknown role '{account.Role}'.");
            }
        }

        private void Board(SampleBoard b, string at)
        {
            Required($"{at}.name", b.Name, $"Board '{b.Key}' has no name.");
            Need(people, b.Chair, "person", $"{at}.chair", $"Board '{b.Key}' chair");
            Need(boards, b.Parent, "board", $"{at}.parent", $"Board '{b.Key}' parent");
            for (var j = 0; j < b.Meetings.Count; j++) Date(DateOnly.FromDateTime(b.Meetings[j].StartsAt), $"{at}.meetings[{j}].startsAt", $"Board '{b.Key}' meeting");
            var members = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var j = 0; j < b.Members.Count; j++)
            {
                var person = b.Members[j].Person;
                Need(people, person, "person", $"{at}.members[{j}].person", $"Board '{b.Key}' member");
                if (members.TryGetValue(person, out var first))
                {
                    Fail($"{at}.members[{j}].person", $"'{person}' is already a member of board '{b.Key}' ($.{at}.members[{first}]): a person sits on a board once.");
                }
                else
                {
                    members[person] = j;
                }
            }
        }

        private void Strategy(SampleStrategy s, string at)
        {
            Required($"{at}.title", s.Title, $"Strategy '{s.Key}' has no title.");
            if (s.PeriodEnd < s.PeriodStart) Fail($"{at}.periodEnd", $"Strategy '{s.Key}' ends before it starts.");
            Date(s.PeriodStart, $"{at}.periodStart", $"Strategy '{s.Key}' start");
            Date(s.PeriodEnd, $"{at}.periodEnd", $"Strategy '{s.Key}' end");
            Date(s.AdoptedOn, $"{at}.adoptedOn", $"Strategy '{s.Key}' adoption");
            for (var i = 0; i < s.Priorities.Count; i++)
            {
                var p = s.Priorities[i];
                var pat = $"{at}.priorities[{i}]";
                Required($"{pat}.code", p.Code, $"A priority of strategy '{s.Key}' has no code.");
                Required($"{pat}.title", p.Title, $"A priority of strategy '{s.Key}' has no title.");
                for (var j = 0; j < p.Outcomes.Count; j++)
                {
                    var o = p.Outcomes[j];
                    Date(o.TargetDate, $"{pat}.outcomes[{j}].targetDate", $"Outcome '{o.Title}' target");
                    for (var k = 0; k < o.Measurements.Count; k++)
                    {
                        Date(o.Measurements[k].PeriodEnd, $"{pat}.outcomes[{j}].measurements[{k}].periodEnd", $"Outcome '{o.Title}' measurement {o.Measurements[k].Period}");
                    }
                }

                for (var j = 0; j < p.Actions.Count; j++) Action(p.Actions[j], $"{pat}.actions[{j}]");
            }
        }

        private void Action(SampleAction a, string at)
        {
            if (string.IsNullOrWhiteSpace(a.Reference)) Fail($"{at}.reference", "The action has no reference.");
            else if (!actions.Add(a.Reference)) Fail($"{at}.reference", $"Action reference '{a.Reference}' is used twice.");
            Required($"{at}.title", a.Title, $"Action '{a.Reference}' has no title.");
            if (a.Progress is < 0 or > 100) Fail($"{at}.progress", $"Action '{a.Reference}' progress must be 0 to 100.");
            if (a.Start is { } start && a.Due is { } due && due < start) Fail($"{at}.due", $"Action '{a.Reference}' is due before it starts.");
            Date(a.Start, $"{at}.start", $"Action '{a.Reference}' start");
            Date(a.Due, $"{at}.due", $"Action '{a.Reference}' due");
            Date(a.CompletedOn, $"{at}.completedOn", $"Action '{a.Reference}' completion");
            Need(orgs, a.LeadOrganisation, "organisation", $"{at}.leadOrganisation", $"Action '{a.Reference}'");
            Need(people, a.LeadPerson, "person", $"{at}.leadPerson", $"Action '{a.Reference}'");
            Need(people, a.Deputy, "person", $"{at}.deputy", $"Action '{a.Reference}' deputy");
            Need(boards, a.Board, "board", $"{at}.board", $"Action '{a.Reference}'");
            for (var k = 0; k < a.Updates.Count; k++)
            {
                var u = a.Updates[k];
                Need(people, u.Author, "person", $"{at}.updates[{k}].author", $"Action '{a.Reference}' update");
                Date(DateOnly.FromDateTime(u.RecordedAt), $"{at}.updates[{k}].recordedAt", $"Action '{a.Reference}' update");
                Required($"{at}.updates[{k}].commentary", u.Commentary, $"Action '{a.Reference}' has an update with no commentary.");
            }
        }

        private void Unique<T>(List<T> items, string list, string field, Func<T, string?> value, StringComparer comparer, Func<string, string> message)
        {
            var seen = new Dictionary<string, int>(comparer);
            for (var i = 0; i < items.Count; i++)
            {
                if (value(items[i]) is not { Length: > 0 } v) continue;
                if (seen.TryGetValue(v, out var first)) Fail($"{list}[{i}].{field}", $"{Capitalised(message(v))} (also $.{list}[{first}]).");
                else seen[v] = i;
            }
        }

        private void Need(HashSet<string> keys, string? key, string what, string path, string who)
        {
            if (key is not null && !keys.Contains(key)) Fail(path, $"{who}: no {what} with key '{key}'.");
        }

        private void Date(DateOnly? day, string path, string who)
        {
            if (day is { } d && !PlanDates.IsSane(d)) Fail(path, $"{who}: the date {d:yyyy-MM-dd} is not {PlanDates.RangeText}.");
        }

        private void Required(string path, string? text, string message)
        {
            if (string.IsNullOrWhiteSpace(text)) Fail(path, message);
        }

        private void Fail(string path, string message) => context.AddFailure(new ValidationFailure(path, message));

        private static string Capitalised(string s) => char.ToUpperInvariant(s[0]) + s[1..];
    }
}
