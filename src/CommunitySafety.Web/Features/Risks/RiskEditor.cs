using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Risks;

/// <summary>Reads the partnership's risk register and lets its coordinator change it, checked here on the server.</summary>
public sealed class RiskEditor(IDbContextFactory<AppDbContext> dbFactory, IValidator<RiskForm> validator, SaveGuard guard)
{
    private static readonly SaveResult NotFound = new(SaveOutcome.NotFound, Message: "That risk does not exist, or you cannot see it.");

    public async Task<IReadOnlyList<Risk>> ListAsync(int partnershipId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Risks.AsNoTracking().Where(r => r.PartnershipId == partnershipId).OrderBy(r => r.Number).ToListAsync(ct);
    }

    public async Task<Risk?> FindAsync(int partnershipId, int id, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Risks.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.PartnershipId == partnershipId, ct);
    }

    public Task<SaveResult> SaveAsync(int partnershipId, RiskForm form, Actor actor, CancellationToken ct = default) =>
        guard.RunAsync<Risk>(form.SubmissionId, form.Id, $"risk (id {form.Id})", actor, () => SaveOnceAsync(partnershipId, form, actor, ct), ct);

    private async Task<SaveResult> SaveOnceAsync(int partnershipId, RiskForm form, Actor actor, CancellationToken ct)
    {
        if (!actor.CanSeePartnership(partnershipId) || !actor.CanReadActionPlan) return NotFound;
        if (!actor.CanEditStrategy(partnershipId)) return new SaveResult(SaveOutcome.Forbidden, Message: "Only the partnership's coordinator can change the risk register.");
        var validation = await validator.ValidateAsync(form, ct);
        if (!validation.IsValid) return SaveResult.Invalid(validation.Errors);

        await using var db = await dbFactory.CreateDbContextAsync(actor, form.SubmissionId, ct);
        Risk risk;
        if (form.Id == 0)
        {
            var last = await db.Risks.Where(r => r.PartnershipId == partnershipId).MaxAsync(r => (int?)r.Number, ct) ?? 0;
            risk = new Risk { PartnershipId = partnershipId, Number = last + 1 };
            db.Risks.Add(risk);
        }
        else
        {
            var existing = await db.Risks.SingleOrDefaultAsync(r => r.Id == form.Id && r.PartnershipId == partnershipId, ct);
            if (existing is null) return NotFound;
            risk = existing;
        }

        risk.Description = form.Description.Trim();
        risk.Likelihood = form.Likelihood;
        risk.Impact = form.Impact;
        risk.Mitigation = string.IsNullOrWhiteSpace(form.Mitigation) ? null : form.Mitigation.Trim();
        risk.Owner = string.IsNullOrWhiteSpace(form.Owner) ? null : form.Owner.Trim();
        await db.SaveChangesAsync(ct);
        return new SaveResult(SaveOutcome.Saved, risk.Id);
    }
}
