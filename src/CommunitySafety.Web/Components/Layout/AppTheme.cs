using MudBlazor;

namespace CommunitySafety.Web.Components.Layout;

public static class AppTheme
{
    // Colours chosen for at least 4.5:1 contrast with white text (WCAG 2.2 AA).
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4f91",
            Secondary = "#5a2d82",
            AppbarBackground = "#1d4f91",
            Success = "#1e6b34",
            Warning = "#8a5300",
            Error = "#b00020",
            Info = "#0b5cad",
            TextSecondary = "#4a4a4a",
        },
    };
}
