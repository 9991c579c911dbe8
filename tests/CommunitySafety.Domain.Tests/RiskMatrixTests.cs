using CommunitySafety.Domain;

namespace CommunitySafety.Domain.Tests;

public class RiskMatrixTests
{
    [Theory]
    [InlineData(3, 2, RiskLevel.Low)] // Melton risk 1: low likelihood, marginal impact, "Low Risk"
    [InlineData(2, 2, RiskLevel.Low)] // Melton risk 2
    [InlineData(4, 3, RiskLevel.Medium)]
    [InlineData(6, 4, RiskLevel.High)]
    [InlineData(5, 3, RiskLevel.High)]
    public void Scores_fall_into_the_councils_bands(int likelihood, int impact, RiskLevel expected)
    {
        var risk = new Risk { Likelihood = likelihood, Impact = impact };

        Assert.Equal(likelihood * impact, risk.Score);
        Assert.Equal(expected, risk.Level);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(7, 2)]
    [InlineData(3, 0)]
    [InlineData(3, 5)]
    public void Scores_outside_the_matrix_are_refused(int likelihood, int impact)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RiskMatrix.LevelOf(likelihood, impact));
    }
}
