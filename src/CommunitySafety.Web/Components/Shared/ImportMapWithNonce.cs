using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using NetEscapades.AspNetCore.SecurityHeaders;

namespace CommunitySafety.Web.Components.Shared;

/// <summary>
/// Blazor's import map, as <c>&lt;ImportMap /&gt;</c> writes it, carrying the request's CSP nonce: the framework's
/// own component cannot, and an inline script without one is refused by the content security policy.
/// </summary>
public sealed class ImportMapWithNonce : ComponentBase
{
    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        var definition = HttpContext?.GetEndpoint()?.Metadata.GetMetadata<ImportMapDefinition>();
        if (definition is null) return;
        builder.OpenElement(0, "script");
        builder.AddAttribute(1, "type", "importmap");
        builder.AddAttribute(2, "nonce", HttpContext!.GetNonce());
        builder.AddMarkupContent(3, definition.ToString());
        builder.CloseElement();
    }
}
