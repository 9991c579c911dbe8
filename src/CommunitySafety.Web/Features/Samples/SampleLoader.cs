using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Security;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Samples;

public sealed class SampleOptions
{
    /// <summary>Load the files in samples/ when the database has no partnership with their slug.</summary>
    public bool LoadOnStartup { get; set; }

    /// <summary>Folder of the sample files; by default the copy beside the application.</summary>
    public string? Path { get; set; }

    /// <summary>Create the demo accounts of the files (Development only: they have a published password).</summary>
    public bool CreateDemoAccounts { get; set; }
}

public sealed record SampleLoadResult(string File, string Slug, bool Loaded, string Message);

public sealed partial class SampleLoader(
    AppDbContext db,
    UserManager<ApplicationUser> users,
    IValidator<SampleFile> validator,
    TimeProvider time,
    ILogger<SampleLoader> logger)
{
    /// <summary>Published in the README and on the login page in Development; never used outside it.</summary>
    public const string DemoPassword = "Demo-Password-1!";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Names only: a number would be taken as whatever member happens to have that value.
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // Set here rather than on first use, because SampleFileReader walks the shape before anything is deserialised.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    public static string DefaultFolder => System.IO.Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>
    /// Reads and checks every file of the folder before writing any: one bad file, or two files that clash, and
    /// nothing is loaded, not even the good files beside them; the exception lists every problem found.
    /// </summary>
    public async Task<IReadOnlyList<SampleLoadResult>> LoadFolderAsync(string folder, bool createDemoAccounts, CancellationToken ct = default)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The samples folder '{folder}' does not exist.");
        var reads = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(Read).ToList();
        var problems = reads.SelectMany(r => r.Problems).Concat(Clashes(reads)).ToList();
        if (problems.Count > 0) throw new InvalidSampleFilesException(folder, reads.Count, problems);

        var results = new List<SampleLoadResult>();
        foreach (var read in reads)
        {
            try
            {
                results.Add(await LoadAsync(read.Name, read.File!, createDemoAccounts, ct));
            }
            catch (DbUpdateException ex)
            {
                throw new InvalidSampleFilesException(
                    $"Loading stopped at {read.Name}: the database refused it, so nothing of that file was written" +
                    (results.Count == 0 ? "." : $"; the files before it were loaded ({string.Join(", ", results.Select(r => r.File))})."),
                    [new SampleProblem(read.Name, null, "$", (ex.InnerException ?? ex).Message)], ex);
            }
        }

        return results;
    }

    /// <summary>Loads one file in one transaction; a file already loaded (same slug) is left as it is.</summary>
    public async Task<SampleLoadResult> LoadFileAsync(string path, bool createDemoAccounts, CancellationToken ct = default)
    {
        var read = Read(path);
        if (read.Problems.Count > 0) throw new InvalidSampleFilesException(System.IO.Path.GetDirectoryName(path) ?? ".", 1, read.Problems);
        return await LoadAsync(read.Name, read.File!, createDemoAccounts, ct);
    }

    private SampleRead Read(string path) => SampleFileReader.Read(path, validator);

    /// <summary>What two good files cannot both hold: one partnership's slug, one demo account's email.</summary>
    private static IEnumerable<SampleProblem> Clashes(IReadOnlyList<SampleRead> reads)
    {
        var files = reads.Where(r => r.File is not null).ToList();
        foreach (var group in files.GroupBy(r => r.File!.Partnership.Slug, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var read in group.Skip(1))
            {
                yield return new SampleProblem(read.Name, null, "$.partnership.slug", $"the slug '{group.Key}' is also used by {group.First().Name}: each file is one partnership.");
            }
        }

        var emails = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var read in files)
        {
            for (var i = 0; i < read.File!.DemoAccounts.Count; i++)
            {
                var email = read.File.DemoAccounts[i].Email;
                if (emails.TryGetValue(email, out var other) && other != read.Name)
                {
                    yield return new SampleProblem(read.Name, null, $"$.demoAccounts[{i}].email", $"the demo account {email} is also in {other}: an email signs in one account.");
                }
                else
                {
                    emails.TryAdd(email, read.Name);
                }
            }
        }
    }

    private async Task<SampleLoadResult> LoadAsync(string name, SampleFile file, bool createDemoAccounts, CancellationToken ct)
    {
        if (await db.Partnerships.AnyAsync(p => p.Slug == file.Partnership.Slug, ct))
        {
            return new SampleLoadResult(name, file.Partnership.Slug, false, "already loaded");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Author = AuditAuthor.SampleLoader;
        // The nearest whole number of years, so the sample reads as "now" give or take six months.
        var years = (int)Math.Round((time.Today().DayNumber - file.ReferenceDate.DayNumber) / 365.25, MidpointRounding.AwayFromZero);
        var shift = new DateShift(years, file.ReferenceDate);
        var (partnership, people) = Build(file, shift);
        db.Partnerships.Add(partnership);
        await db.SaveChangesAsync(ct);
        if (createDemoAccounts)
        {
            await CreateDemoAccountsAsync(file, partnership, people, ct);
        }

        await transaction.CommitAsync(ct);
        logger.LogInformation("Loaded sample partnership {Slug} from {File}, dates moved on {Years} years", file.Partnership.Slug, name, years);
        return new SampleLoadResult(name, file.Partnership.Slug, true, $"loaded, dates moved on {years} years");
    }

    private (Partnership Partnership, Dictionary<string, Person> People) Build(SampleFile file, DateShift shift)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var partnership = new Partnership
        {
            Name = shift.Text(file.Partnership.Name),
            Slug = file.Partnership.Slug,
            Area = file.Partnership.Area,
            Description = shift.TextOrNull(file.Partnership.Description),
            Settings = file.Partnership.Settings ?? new PartnershipSettings(),
        };

        var orgs = file.Organisations.ToDictionary(o => o.Key, o => new PartnerOrganisation
        {
            Partnership = partnership, Name = o.Name, ShortName = o.ShortName, Kind = o.Kind, IsResponsibleAuthority = o.ResponsibleAuthority,
        });
        partnership.Organisations.AddRange(orgs.Values);

        var people = file.People.ToDictionary(p => p.Key, p => new Person
        {
            Partnership = partnership, Name = p.Name, JobTitle = p.JobTitle, Email = p.Email,
            Organisation = p.Organisation is null ? null : orgs[p.Organisation],
        });
        partnership.People.AddRange(people.Values);

        var boards = file.Boards.ToDictionary(b => b.Key, b => new Board
        {
            Partnership = partnership, Name = b.Name, Kind = b.Kind, Purpose = shift.TextOrNull(b.Purpose),
            Chair = b.Chair is null ? null : people[b.Chair],
            Members = b.Members.Select(m => new BoardMember { Person = people[m.Person], Role = m.Role, Representing = m.Representing }).ToList(),
            Meetings = b.Meetings.Select(m => new Meeting
            {
                StartsAt = shift.Instant(m.StartsAt), Location = m.Location, HasPrivatePart = m.HasPrivatePart, Notes = shift.TextOrNull(m.Notes),
            }).ToList(),
        });
        foreach (var b in file.Boards.Where(b => b.Parent is not null)) boards[b.Key].ParentBoard = boards[b.Parent!];
        partnership.Boards.AddRange(boards.Values);

        var strategies = new Dictionary<string, Strategy>();
        var actions = new Dictionary<string, Action>();
        foreach (var s in file.Strategies)
        {
            var strategy = new Strategy
            {
                Partnership = partnership, Title = shift.Text(s.Title), PeriodStart = shift.Date(s.PeriodStart), PeriodEnd = shift.Date(s.PeriodEnd),
                Status = s.Status, AdoptedOn = shift.Date(s.AdoptedOn), Summary = shift.TextOrNull(s.Summary),
            };
            var order = 1;
            foreach (var p in s.Priorities)
            {
                var priority = new Priority
                {
                    Order = order++, Code = p.Code, Title = p.Title, Description = shift.TextOrNull(p.Description),
                    Themes = p.Themes.Aggregate(StatutoryTheme.None, (all, t) => all | t),
                };
                priority.Outcomes.AddRange(p.Outcomes.Select(o => new Outcome
                {
                    Title = o.Title, Measure = o.Measure, Unit = o.Unit, Direction = o.Direction, BaselineValue = o.BaselineValue,
                    BaselinePeriod = shift.Text(o.BaselinePeriod), TargetValue = o.TargetValue, TargetDate = shift.Date(o.TargetDate),
                    Commentary = shift.TextOrNull(o.Commentary), IsRestricted = o.Restricted,
                    Measurements = o.Measurements.Select(m => new Measurement
                    {
                        Period = shift.Text(m.Period), PeriodEnd = shift.Date(m.PeriodEnd), Value = m.Value, Source = m.Source, Note = shift.TextOrNull(m.Note),
                    }).ToList(),
                }));
                foreach (var a in p.Actions)
                {
                    var action = new Action
                    {
                        Reference = a.Reference, Title = a.Title, Description = shift.TextOrNull(a.Description),
                        LeadOrganisation = a.LeadOrganisation is null ? null : orgs[a.LeadOrganisation],
                        LeadPerson = a.LeadPerson is null ? null : people[a.LeadPerson],
                        DeputyPerson = a.Deputy is null ? null : people[a.Deputy],
                        Board = a.Board is null ? null : boards[a.Board],
                        StartDate = shift.Date(a.Start), DueDate = shift.Date(a.Due), Status = a.Status, Rag = a.Rag,
                        ProgressPercent = a.Progress, CompletedOn = shift.Date(a.CompletedOn), IsRestricted = a.Restricted,
                        CreatedAt = a.Start is { } start ? shift.Instant(start.ToDateTime(new TimeOnly(9, 0))) : now,
                        StatusUpdates = a.Updates.OrderBy(u => u.RecordedAt).Select(u => new StatusUpdate
                        {
                            RecordedAt = shift.Instant(u.RecordedAt), AuthorName = people[u.Author].Name, AuthorPerson = people[u.Author],
                            Rag = u.Rag, SuggestedRag = u.Rag, Status = u.Status, ProgressPercent = u.Progress,
                            Commentary = shift.Text(u.Commentary), NextSteps = shift.TextOrNull(u.NextSteps), IncludeInActivityReport = u.IncludeInReport,
                        }).ToList(),
                    };
                    action.LastUpdatedAt = action.StatusUpdates.Count > 0 ? action.StatusUpdates.Max(u => u.RecordedAt) : null;
                    actions[a.Reference] = action;
                    priority.Actions.Add(action);
                }

                strategy.Priorities.Add(priority);
            }

            strategies[s.Key] = strategy;
            partnership.Strategies.Add(strategy);
        }

        partnership.Milestones.AddRange(file.Milestones.Select(m => new Milestone
        {
            Title = shift.Text(m.Title), Description = shift.TextOrNull(m.Description), Kind = m.Kind, DueDate = shift.Date(m.Due),
            Owner = m.Owner is null ? null : people[m.Owner], SignOffBoard = m.SignOffBoard is null ? null : boards[m.SignOffBoard],
            CompletedOn = shift.Date(m.CompletedOn), Strategy = m.Strategy is null ? null : strategies[m.Strategy],
            Action = m.Action is null ? null : actions[m.Action], IsRestricted = m.Restricted, TemplateKey = m.TemplateKey,
        }));

        partnership.Risks.AddRange(file.Risks.Select(r => new Risk
        {
            Number = r.Number, Description = r.Description, Likelihood = r.Likelihood, Impact = r.Impact, Mitigation = r.Mitigation, Owner = r.Owner,
        }));

        partnership.FundingStreams.AddRange(file.Funding.Select(f => new FundingStream
        {
            Name = shift.Text(f.Name), Source = f.Source, FinancialYear = shift.FinancialYear(f.FinancialYear), Amount = f.Amount, IsRestricted = f.Restricted,
            Allocations = f.Allocations.Select(a => new FundingAllocation
            {
                Recipient = a.Recipient, Amount = a.Amount, Spent = a.Spent, Action = a.Action is null ? null : actions[a.Action],
                AllocatedOn = shift.Date(a.AllocatedOn), Note = shift.TextOrNull(a.Note),
            }).ToList(),
        }));

        return (partnership, people);
    }

    private async Task CreateDemoAccountsAsync(SampleFile file, Partnership partnership, Dictionary<string, Person> people, CancellationToken ct)
    {
        foreach (var account in file.DemoAccounts)
        {
            ct.ThrowIfCancellationRequested();
            if (await users.FindByEmailAsync(account.Email) is not null) continue;
            var person = account.Person is null ? null : people[account.Person];
            var user = new ApplicationUser
            {
                UserName = account.Email, Email = account.Email, EmailConfirmed = true,
                DisplayName = person?.Name ?? account.Description ?? account.Email,
                PersonId = person?.Id,
                PartnershipId = account.Role == AppRoles.Administrator ? null : partnership.Id,
            };
            Check(await users.CreateAsync(user, DemoPassword), account.Email);
            Check(await users.AddToRoleAsync(user, account.Role), account.Email);
            if (account.Cleared) Check(await users.AddClaimAsync(user, new System.Security.Claims.Claim(AppClaims.Cleared, "true")), account.Email);
        }
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded) throw new InvalidOperationException($"Could not create demo account {email}: " + string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>Moves a sample's dates on by whole years so it reads as current.</summary>
    private sealed partial class DateShift(int years, DateOnly reference)
    {
        public DateOnly Date(DateOnly d) => d.AddYears(years);

        public DateOnly? Date(DateOnly? d) => d?.AddYears(years);

        public DateTime Instant(DateTime local) =>
            TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local.AddYears(years), DateTimeKind.Unspecified), PartnershipClock.London);

        public string FinancialYear(string fy)
        {
            var m = FinancialYearPattern().Match(fy);
            if (!m.Success) return Text(fy);
            var start = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + years;
            return $"{start}/{(start + 1) % 100:00}";
        }

        public string Text(string text) => Tokens().Replace(text, m =>
        {
            var offset = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
            var year = reference.Year + years + offset;
            if (m.Groups[1].Value == "FY")
            {
                // The financial year runs April to March.
                var start = (reference.Month >= 4 ? reference.Year : reference.Year - 1) + years + offset;
                return $"{start}/{(start + 1) % 100:00}";
            }

            return year.ToString(CultureInfo.InvariantCulture);
        });

        public string? TextOrNull(string? text) => text is null ? null : Text(text);

        [GeneratedRegex(@"^(\d{4})/(\d{2})$")]
        private static partial Regex FinancialYearPattern();

        [GeneratedRegex(@"\{(FY|Y)([+-]\d+)?\}")]
        private static partial Regex Tokens();
    }
}
