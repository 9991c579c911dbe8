using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;

namespace CommunitySafety.Web.Security;

/// <summary>
/// The fallback policy (signed in) covers every endpoint that names nothing, and the framework's own endpoints
/// name nothing: left so, signed out the sign-in page is unstyled and every page open without an account (an
/// emailed update link) is blank. Pages keep their own policies and are checked again in the circuit.
/// </summary>
public static class SignedOutEndpoints
{
    /// <summary>The circuit hub, its negotiation and Blazor's redirects; not the pages beside them.</summary>
    public static RazorComponentsEndpointConventionBuilder AllowAnonymousFrameworkEndpoints(this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            if (!endpoint.Metadata.OfType<ComponentTypeMetadata>().Any()) endpoint.Metadata.Add(new AllowAnonymousAttribute());
        });
        return builder;
    }
}
