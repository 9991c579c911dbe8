using System.Net;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Milestones;
using CommunitySafety.Web.Features.Outcomes;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Features.Samples;
using CommunitySafety.Web.Features.StatusUpdates;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Security;

/// <summary>Dates outside 2000–2099 are refused on every form and import, and a feed never fails for one bad row.</summary>
public class DateRangeTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly DateTime Year9999 = new(9999, 12, 31);

    [Fact]
    public async Task A_partner_lead_cannot_save_a_due_date_of_31_12_9999_on_their_own_action()
    {
        var leadPerson = (await app.ActorAsync("lead.police@safermk.example")).PersonId;
        var own = await app.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && a.LeadPersonId == leadPerson).OrderBy(a => a.Id).FirstAsync());
        var form = ActionForm.From(own);
        form.DueDate = Year9999;

        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ActionEditor>()
            .SaveAsync(await app.PartnershipIdAsync("safermk"), form, await app.ActorAsync("lead.police@safermk.example"));

        Assert.Equal(SaveOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(ActionForm.DueDate) && e.ErrorMessage.Contains("31 December 2099", StringComparison.Ordinal));
        Assert.Equal(own.DueDate, (await app.WithDbAsync(db => db.Actions.AsNoTracking().SingleAsync(a => a.Id == own.Id))).DueDate);
    }

    [Fact]
    public void Every_form_with_a_date_refuses_one_out_of_range()
    {
        using var scope = app.Services.CreateScope();
        T Validator<T>() where T : IValidator => scope.ServiceProvider.GetRequiredService<T>();

        Assert.Contains(Validator<IValidator<ActionForm>>().Validate(new ActionForm { StartDate = new DateTime(1, 1, 1) }).Errors, e => e.PropertyName == nameof(ActionForm.StartDate));
        Assert.Contains(Validator<IValidator<MilestoneForm>>().Validate(new MilestoneForm { DueDate = Year9999 }).Errors, e => e.PropertyName == nameof(MilestoneForm.DueDate));
        Assert.Contains(Validator<IValidator<MeasurementForm>>().Validate(new MeasurementForm { PeriodEnd = Year9999 }).Errors, e => e.PropertyName == nameof(MeasurementForm.PeriodEnd));
        Assert.Contains(Validator<IValidator<StatusUpdateForm>>().Validate(new StatusUpdateForm { CompletedOn = Year9999 }).Errors, e => e.PropertyName == nameof(StatusUpdateForm.CompletedOn));
    }

    [Fact]
    public async Task A_sample_file_with_a_date_in_9999_is_refused_and_writes_nothing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"year9999-{Guid.NewGuid():N}.json");
        var text = (await File.ReadAllTextAsync(Path.Combine(TestApp.SamplesFolder, "melton.json")))
            .Replace("\"slug\": \"melton\"", "\"slug\": \"melton-9999\"")
            .Replace("\"due\": \"2022-03-31\"", "\"due\": \"9999-12-31\"");
        await File.WriteAllTextAsync(path, text);
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var error = await Assert.ThrowsAsync<InvalidSampleFilesException>(() => scope.ServiceProvider.GetRequiredService<SampleLoader>().LoadFileAsync(path, false));

            Assert.Contains("9999-12-31", error.Message, StringComparison.Ordinal);
            Assert.False(await app.WithDbAsync(db => db.Partnerships.AnyAsync(p => p.Slug == "melton-9999")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_calendar_feed_leaves_out_a_row_dated_9999_and_serves_the_rest()
    {
        var melton = await app.PartnershipIdAsync("melton");
        var coordinator = await app.ActorAsync("coordinator@melton.example");
        // As if saved before dates were checked.
        var broken = await app.WithDbAsync(async db =>
        {
            var action = await db.Actions.Where(a => a.Priority!.Strategy!.PartnershipId == melton && !a.IsRestricted && a.DueDate != null).OrderBy(a => a.Id).FirstAsync();
            action.DueDate = DateOnly.MaxValue;
            await db.SaveChangesAsync();
            return action;
        });
        await using var scope = app.Services.CreateAsyncScope();
        var url = await scope.ServiceProvider.GetRequiredService<CalendarFeeds>().CreateAsync(coordinator, CalendarFeedScope.Partnership);

        var response = await app.CreateClientWithoutRedirects().GetAsync(new Uri(url!).PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ics = await response.Content.ReadAsStringAsync();
        Assert.Contains("BEGIN:VEVENT", ics, StringComparison.Ordinal);
        Assert.DoesNotContain($"action-{broken.Id}@", ics, StringComparison.Ordinal);
    }
}
