using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Samples;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Samples;

public class SampleLoaderTests : IClassFixture<TestApp>
{
    private readonly TestApp app;

    public SampleLoaderTests(TestApp app)
    {
        this.app = app;
        _ = app.Server; // start the host: migrations and samples load on start-up
    }

    [Fact]
    public async Task Both_partnerships_from_the_papers_are_loaded_on_first_run()
    {
        var slugs = await app.WithDbAsync(db => db.Partnerships.OrderBy(p => p.Slug).Select(p => p.Slug).ToListAsync());

        Assert.Equal(["melton", "safermk"], slugs);
    }

    [Fact]
    public async Task The_samples_carry_the_papers_facts_with_dates_moved_to_now()
    {
        var channel = await app.WithDbAsync(db => db.Milestones
            .Where(m => m.Partnership!.Slug == "safermk" && m.Title.Contains("Channel") && m.CompletedOn == null)
            .Select(m => m.DueDate).SingleAsync());
        Assert.Equal(new DateOnly(2027, 4, 17), channel);

        var knifeFund = await app.WithDbAsync(db => db.FundingStreams.Include(f => f.Allocations)
            .SingleAsync(f => f.Partnership!.Slug == "safermk" && f.Amount == 100000m));
        Assert.Equal(4, knifeFund.Allocations.Count);
        Assert.Contains(knifeFund.Allocations, a => a.Recipient.Contains("Hazard Alley") && a.Amount == 40000m);
        Assert.Contains(knifeFund.Allocations, a => a.Amount == 11835.33m);

        var opcc = await app.WithDbAsync(db => db.FundingStreams.SingleAsync(f => f.Partnership!.Slug == "safermk" && f.Amount == 259015m));
        Assert.Equal("2026/27", opcc.FinancialYear);

        var meltonRisks = await app.WithDbAsync(db => db.Risks.Where(r => r.Partnership!.Slug == "melton").OrderBy(r => r.Number).ToListAsync());
        Assert.Equal([(3, 2), (2, 2)], meltonRisks.Select(r => (r.Likelihood, r.Impact)));
    }

    [Fact]
    public async Task The_sample_action_plan_has_a_realistic_mix_of_ratings_today()
    {
        var today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);
        var actions = await app.WithDbAsync(db => db.Actions.Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk").ToListAsync());

        foreach (var rag in Enum.GetValues<RagRating>())
        {
            Assert.Contains(actions, a => a.Rag == rag);
        }

        Assert.True(actions.Count(a => a.IsOverdueOn(today)) >= 3, "some actions should be overdue");
        Assert.Contains(actions, a => a.IsRestricted);
    }

    [Fact]
    public async Task Loading_again_changes_nothing()
    {
        var before = await app.WithDbAsync(db => db.Actions.CountAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var loader = scope.ServiceProvider.GetRequiredService<SampleLoader>();

        var results = await loader.LoadFolderAsync(TestApp.SamplesFolder, createDemoAccounts: true);

        Assert.All(results, r => Assert.False(r.Loaded));
        Assert.Equal(before, await app.WithDbAsync(db => db.Actions.CountAsync()));
    }

    [Fact]
    public async Task A_file_with_a_broken_reference_is_refused_with_a_message_and_writes_nothing()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.json");
        var text = await File.ReadAllTextAsync(Path.Combine(TestApp.SamplesFolder, "melton.json"));
        text = text.Replace("\"slug\": \"melton\"", "\"slug\": \"melton-copy\"");
        text = text.Replace("\"leadPerson\": \"", "\"leadPerson\": \"nobody-", StringComparison.Ordinal);
        await File.WriteAllTextAsync(broken, text);
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var loader = scope.ServiceProvider.GetRequiredService<SampleLoader>();

            var error = await Assert.ThrowsAsync<InvalidSampleFilesException>(() => loader.LoadFileAsync(broken, false));

            Assert.Contains("no person with key 'nobody-", error.Message);
            Assert.False(await app.WithDbAsync(db => db.Partnerships.AnyAsync(p => p.Slug == "melton-copy")));
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_json_is_refused_with_its_name()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"notjson-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(broken, "{ this is not json");
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var loader = scope.ServiceProvider.GetRequiredService<SampleLoader>();

            var error = await Assert.ThrowsAsync<InvalidSampleFilesException>(() => loader.LoadFileAsync(broken, false));

            Assert.Contains(Path.GetFileName(broken), error.Message);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task Every_damaged_file_is_checked_and_listed_before_anything_is_written()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var loader = scope.ServiceProvider.GetRequiredService<SampleLoader>();

        var error = await Assert.ThrowsAsync<InvalidSampleFilesException>(() => loader.LoadFolderAsync(SampleCommandTests.DamagedFolder, createDemoAccounts: true));

        Assert.Equal(["broken-json.json", "duplicate-names.json", "unknown-key.json", "wrong-enum.json"], error.Problems.Select(p => p.File).Distinct());
        Assert.Equal(10, error.Problems.Count);
        Assert.All(error.Problems, p => Assert.NotNull(p.Line));
        Assert.False(await app.WithDbAsync(db => db.Partnerships.AnyAsync(p => p.Slug.EndsWith("-test"))), "the good file beside the bad ones is not loaded");
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email!.EndsWith("test.example"))));
    }

    [Fact]
    public async Task Duplicate_names_are_caught_by_the_checks_not_by_the_database()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var loader = scope.ServiceProvider.GetRequiredService<SampleLoader>();

        var error = await Assert.ThrowsAsync<InvalidSampleFilesException>(() => loader.LoadFileAsync(Path.Combine(SampleCommandTests.DamagedFolder, "duplicate-names.json"), false));

        Assert.Contains(error.Problems, p => p.Path == "$.organisations[1].name" && p.Line == 10);
        Assert.Contains(error.Problems, p => p.Path == "$.boards[0].members[2].person" && p.Line == 25);
        Assert.DoesNotContain("UNIQUE constraint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_files_for_one_partnership_are_refused_together()
    {
        var folder = Directory.CreateTempSubdirectory("communitysafety-clash-").FullName;
        try
        {
            var good = Path.Combine(SampleCommandTests.DamagedFolder, "good.json");
            File.Copy(good, Path.Combine(folder, "a.json"));
            var copy = (await File.ReadAllTextAsync(good)).Replace("Good Test Partnership\"", "Another Test Partnership\"", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(folder, "b.json"), copy);
            await using var scope = app.Services.CreateAsyncScope();
            var loader = scope.ServiceProvider.GetRequiredService<SampleLoader>();

            var error = await Assert.ThrowsAsync<InvalidSampleFilesException>(() => loader.LoadFolderAsync(folder, createDemoAccounts: true));

            Assert.Contains(error.Problems, p => p.File == "b.json" && p.Path == "$.partnership.slug" && p.Message.Contains("also used by a.json", StringComparison.Ordinal));
            Assert.Contains(error.Problems, p => p.File == "b.json" && p.Path == "$.demoAccounts[0].email");
            Assert.False(await app.WithDbAsync(db => db.Partnerships.AnyAsync(p => p.Slug == "good-test")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
