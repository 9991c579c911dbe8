using Bunit;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Components.Shared;
using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Components;

public class RagChipTests : BunitContext
{
    public RagChipTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Theory]
    [InlineData(RagRating.Red, "Red")]
    [InlineData(RagRating.Amber, "Amber")]
    [InlineData(RagRating.Green, "Green")]
    [InlineData(RagRating.Complete, "Complete")]
    [InlineData(RagRating.NotStarted, "Not started")]
    public void The_rating_is_written_as_a_word_with_an_icon_not_only_a_colour(RagRating rating, string word)
    {
        var chip = Render<RagChip>(p => p.Add(c => c.Rating, rating));

        var rag = chip.Find(".rag");
        Assert.Equal(word, rag.TextContent);
        // One element: the icon is the stylesheet's, one shape per rating, and every rating has its own.
        Assert.Empty(rag.Children);
        var key = rating.ToString().ToLowerInvariant();
        Assert.Contains($"rag-{key}", rag.ClassList);
        Assert.Matches($@"\.rag-{key} \{{[^}}]*--rag-icon: url\(""data:image/svg\+xml,", Stylesheet.Value);
    }

    private static readonly Lazy<string> Stylesheet = new(() =>
        File.ReadAllText(Path.Combine(TestApp.RepositoryRoot, "src", "CommunitySafety.Web", "wwwroot", "app.css")));
}
