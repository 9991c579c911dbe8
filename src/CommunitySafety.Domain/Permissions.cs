namespace CommunitySafety.Domain;

/// <summary>Who is asking, as far as the partnership's rules care.</summary>
public sealed record Actor(
    string UserId,
    string Name,
    int? PersonId,
    int? PartnershipId,
    bool IsAdministrator,
    bool IsCoordinator,
    bool IsPartnerLead,
    bool IsBoardMember,
    bool IsScrutinyMember,
    bool IsCleared)
{
    /// <summary>Administrators see every partnership; everyone else sees only their own.</summary>
    public bool CanSeePartnership(int partnershipId) => IsAdministrator || PartnershipId == partnershipId;

    public bool CanSeeRestricted => IsCleared;

    /// <summary>Scrutiny members read outcomes and reports only, not the working action plan.</summary>
    public bool CanReadActionPlan => IsAdministrator || IsCoordinator || IsPartnerLead || IsBoardMember;

    public bool CanEditStrategy(int partnershipId) =>
        IsAdministrator || (IsCoordinator && PartnershipId == partnershipId);

    /// <summary>A coordinator updates any action in the partnership; a partner lead only the actions they lead or deputise on.</summary>
    public bool CanUpdateAction(Action action, int partnershipId)
    {
        if (action.IsRestricted && !IsCleared) return false;
        if (CanEditStrategy(partnershipId)) return true;
        return IsPartnerLead && PersonId is { } person && action.IsLedBy(person) && PartnershipId == partnershipId;
    }

    /// <summary>The partnership's audit log: its coordinators, and administrators (who also read every partnership's together).</summary>
    public bool CanReadAuditLog(int partnershipId) => CanEditStrategy(partnershipId);

    public bool CanUpdateMilestone(Milestone milestone)
    {
        if (milestone.IsRestricted && !IsCleared) return false;
        if (CanEditStrategy(milestone.PartnershipId)) return true;
        return IsPartnerLead && PersonId is not null && milestone.OwnerId == PersonId && PartnershipId == milestone.PartnershipId;
    }
}
