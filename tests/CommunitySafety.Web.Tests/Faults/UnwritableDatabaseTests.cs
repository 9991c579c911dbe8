using CommunitySafety.Tests;
using CommunitySafety.Web.Features;
using Xunit.Abstractions;

namespace CommunitySafety.Web.Tests.Faults;

/// <summary>
/// A database that stops accepting writes while the app runs (the engine refuses every write, as for a file made
/// read-only). Every save is answered "not saved" instead of throwing into the person's circuit, nothing is written,
/// and each failure is logged once with what failed.
/// </summary>
[Collection(FaultyDatabaseCollection.Name)]
public sealed class UnwritableDatabaseTests(FaultyDatabaseApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_save_is_answered_not_saved_nothing_is_written_and_each_failure_is_logged_once()
    {
        var scenario = new SaveScenario(app);
        var saves = await scenario.PrepareAsync();
        var coordinator = (await app.ActorAsync(SaveScenario.Coordinator)).Name;
        var before = await scenario.RowCountsAsync();
        var mark = app.Logs.Records.Count;

        var told = new List<string>();
        app.Faults.RefuseWrites = true;
        try
        {
            foreach (var (what, save) in saves)
            {
                if (await save() == "NotSaved") told.Add(what);
            }
        }
        finally
        {
            app.Faults.RefuseWrites = false;
        }

        var after = await scenario.RowCountsAsync();
        var errors = app.Logs.ErrorsSince(mark);
        output.WriteLine($"saves tried: {saves.Count}; answered not saved: {told.Count}; error log entries: {errors.Count}");
        output.WriteLine($"rows before: {before}");
        output.WriteLine($"rows after:  {after}");
        foreach (var e in errors) output.WriteLine($"  [{e.Category}] {e.Message}");

        Assert.Equal(saves.Select(s => s.What), told);
        Assert.Equal(before, after);
        Assert.Equal(saves.Count, errors.Count);
        foreach (var (what, _) in saves)
        {
            var logged = Assert.Single(errors, e => e.Message.Contains(what, StringComparison.Ordinal) && e.Message.StartsWith("Not saved: ", StringComparison.Ordinal));
            Assert.True(logged.Message.Contains($" for {coordinator} (", StringComparison.Ordinal) || logged.Message.Contains("(by emailed link)", StringComparison.Ordinal),
                "the log names who was saving: " + logged.Message);
        }

        Assert.All(errors, e => Assert.True(e.Exception is not null && SaveGuard.IsStorageFailure(e.Exception), e.Message));
    }

    [Fact]
    public async Task Once_the_database_takes_writes_again_the_same_submissions_save()
    {
        var scenario = new SaveScenario(app);
        var saves = await scenario.PrepareAsync();
        app.Faults.RefuseWrites = true;
        try
        {
            foreach (var (what, save) in saves)
            {
                var outcome = await save();
                Assert.True(outcome == "NotSaved", $"{what}: {outcome}");
            }
        }
        finally
        {
            app.Faults.RefuseWrites = false;
        }

        var mark = app.Logs.Records.Count;
        var outcomes = new List<string>();
        foreach (var (what, save) in saves) outcomes.Add($"{what}: {await save()}");

        output.WriteLine($"saved on the second try: {outcomes.Count(o => o.EndsWith(": Saved", StringComparison.Ordinal))} of {saves.Count}");
        Assert.All(outcomes, o => Assert.EndsWith(": Saved", o, StringComparison.Ordinal));
        Assert.Empty(app.Logs.ErrorsSince(mark));
    }
}
