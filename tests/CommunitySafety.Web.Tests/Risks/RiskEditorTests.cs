using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Risks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Risks;

/// <summary>The server-side rules for the risk register, on a real SQLite file.</summary>
public class RiskEditorTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<SaveResult> SaveAsync(string email, RiskForm form)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var editor = scope.ServiceProvider.GetRequiredService<RiskEditor>();
        return await editor.SaveAsync(await app.PartnershipIdAsync("melton"), form, await app.ActorAsync(email));
    }

    private Task<Risk> MeltonRiskAsync(int number) =>
        app.WithDbAsync(db => db.Risks.AsNoTracking().SingleAsync(r => r.Partnership!.Slug == "melton" && r.Number == number));

    [Fact]
    public async Task The_coordinator_rescores_a_risk()
    {
        var risk = await MeltonRiskAsync(1);
        var form = RiskForm.From(risk);
        form.Likelihood = 5;
        form.Impact = 3;

        var result = await SaveAsync("coordinator@melton.example", form);

        Assert.Equal(SaveOutcome.Saved, result.Outcome);
        var after = await MeltonRiskAsync(1);
        Assert.Equal(15, after.Score);
        Assert.Equal(RiskLevel.High, after.Level);
        var audited = await app.WithDbAsync(db => db.AuditEntries
            .Where(e => e.EntityType == nameof(Risk) && e.EntityId == risk.Id.ToString() && e.Operation == AuditOperation.Change).ToListAsync());
        Assert.Contains(audited, e => e.UserName == "Albert Wilson" && e.After!.Contains("\"Likelihood\":5"));
    }

    [Fact]
    public async Task A_partner_lead_cannot_change_the_register_and_nothing_is_written()
    {
        var risk = await MeltonRiskAsync(2);
        var form = RiskForm.From(risk);
        form.Likelihood = 6;
        form.Description = "Forged";

        var result = await SaveAsync("lead.police@melton.example", form);

        Assert.Equal(SaveOutcome.Forbidden, result.Outcome);
        var after = await MeltonRiskAsync(2);
        Assert.Equal(risk.Likelihood, after.Likelihood);
        Assert.Equal(risk.Description, after.Description);
    }

    [Fact]
    public async Task Scores_outside_the_matrix_and_a_blank_description_are_refused_and_nothing_is_written()
    {
        var risk = await MeltonRiskAsync(2);
        var form = RiskForm.From(risk);
        form.Description = " ";
        form.Likelihood = 7;
        form.Impact = 0;

        var result = await SaveAsync("coordinator@melton.example", form);

        Assert.Equal(SaveOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(RiskForm.Description));
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(RiskForm.Likelihood));
        Assert.Contains(result.Errors!, e => e.PropertyName == nameof(RiskForm.Impact));
        var after = await MeltonRiskAsync(2);
        Assert.Equal((risk.Description, risk.Likelihood, risk.Impact), (after.Description, after.Likelihood, after.Impact));
    }

    [Fact]
    public async Task A_coordinator_of_another_partnership_cannot_reach_the_risk()
    {
        var risk = await MeltonRiskAsync(2);
        var form = RiskForm.From(risk);
        form.Mitigation = "Changed from Milton Keynes";

        var result = await SaveAsync("coordinator@safermk.example", form);

        Assert.Equal(SaveOutcome.NotFound, result.Outcome);
        Assert.Equal(risk.Mitigation, (await MeltonRiskAsync(2)).Mitigation);
    }

    [Fact]
    public async Task A_new_risk_takes_the_next_number()
    {
        var form = new RiskForm { Description = "Loss of PCC funding for the JAG", Likelihood = 3, Impact = 3, Owner = "Community Safety Manager" };

        var result = await SaveAsync("coordinator@melton.example", form);

        Assert.Equal(SaveOutcome.Saved, result.Outcome);
        var created = await app.WithDbAsync(db => db.Risks.AsNoTracking().SingleAsync(r => r.Id == result.Id));
        var highest = await app.WithDbAsync(db => db.Risks.Where(r => r.Partnership!.Slug == "melton").MaxAsync(r => r.Number));
        Assert.Equal(highest, created.Number);
        Assert.True(created.Number >= 3);
    }
}
