using Bunit;
using CommunitySafety.Domain;
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

        Assert.Contains(word, chip.Find(".rag").TextContent);
        Assert.NotNull(chip.Find(".rag svg"));
        Assert.Equal("true", chip.Find(".rag svg").GetAttribute("aria-hidden"));
    }
}
