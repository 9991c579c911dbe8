using CommunitySafety.Web.Security;

namespace CommunitySafety.Web.Features.Administration;

/// <summary>Roles as the partnership says them.</summary>
public static class RoleNames
{
    public static string Label(string role) => role switch
    {
        AppRoles.Administrator => "Administrator",
        AppRoles.Coordinator => "Coordinator",
        AppRoles.PartnerLead => "Partner lead",
        AppRoles.BoardMember => "Board member",
        AppRoles.ScrutinyMember => "Scrutiny member",
        _ => role,
    };
}
