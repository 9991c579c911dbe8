namespace CommunitySafety.Web.Security;

public static class AppRoles
{
    public const string Administrator = nameof(Administrator);
    public const string Coordinator = nameof(Coordinator);
    public const string PartnerLead = nameof(PartnerLead);
    public const string BoardMember = nameof(BoardMember);
    public const string ScrutinyMember = nameof(ScrutinyMember);

    public static readonly string[] All = [Administrator, Coordinator, PartnerLead, BoardMember, ScrutinyMember];
}

public static class AppClaims
{
    /// <summary>Present with value "true" when the user may see restricted (exempt) items.</summary>
    public const string Cleared = "cs:cleared";
    public const string PersonId = "cs:person";
    public const string PartnershipId = "cs:partnership";
    public const string DisplayName = "cs:name";

    /// <summary>Present when the partnership requires two-step sign-in and the account has not set it up: it may only do that.</summary>
    public const string MustEnrolTwoFactor = "cs:2fa-enrol";
}

/// <summary>Every page and endpoint names one of these; the rules behind them live in <see cref="AuthorizationSetup"/>.</summary>
public static class Policies
{
    /// <summary>Any signed-in user of the partnership, including scrutiny members (outcomes and reports).</summary>
    public const string ReadReports = nameof(ReadReports);

    /// <summary>The working action plan, milestones, boards and risks: not scrutiny members.</summary>
    public const string ReadActionPlan = nameof(ReadActionPlan);

    /// <summary>Posting status updates: coordinators and partner leads (for their own actions, checked per action).</summary>
    public const string UpdateActions = nameof(UpdateActions);

    /// <summary>Changing the strategy, priorities, actions, milestones and partners.</summary>
    public const string EditStrategy = nameof(EditStrategy);

    public const string Administer = nameof(Administer);

    /// <summary>Accounts of a partnership: administrators everywhere, coordinators in their own partnership.</summary>
    public const string ManageAccounts = nameof(ManageAccounts);

    /// <summary>Anyone signed in, whatever their role, even an account that must still set up two-step sign-in: signing out and doing so.</summary>
    public const string SignedIn = nameof(SignedIn);
}
