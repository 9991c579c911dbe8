using CommunitySafety.Domain;

namespace CommunitySafety.Domain.Tests;

public class OutcomeRatingTests
{
    private static Outcome Outcome(OutcomeDirection direction, decimal baseline, decimal target, params (int Month, decimal Value)[] values) => new()
    {
        Direction = direction,
        BaselineValue = baseline,
        TargetValue = target,
        Measurements = values.Select((v, i) => new Measurement { Id = i + 1, PeriodEnd = new DateOnly(2026, v.Month, 28), Value = v.Value }).ToList(),
    };

    [Theory]
    // Knife-enabled crime: baseline 386, target 350, tolerance 10% of 36 = 3.6
    [InlineData(350, RagRating.Green)]
    [InlineData(340, RagRating.Green)]
    [InlineData(353.6, RagRating.Amber)] // exactly on the tolerance boundary
    [InlineData(353.61, RagRating.Red)]
    [InlineData(391, RagRating.Red)]
    public void Decrease_is_judged_against_the_distance_from_baseline_to_target(decimal value, RagRating expected)
    {
        Assert.Equal(expected, OutcomeRating.Rate(Outcome(OutcomeDirection.Decrease, 386, 350), value, 10m));
    }

    [Theory]
    // NRM referrals: baseline 38, target 50, tolerance 10% of 12 = 1.2
    [InlineData(50, RagRating.Green)]
    [InlineData(61, RagRating.Green)]
    [InlineData(48.8, RagRating.Amber)] // exactly on the boundary
    [InlineData(48.79, RagRating.Red)]
    [InlineData(20, RagRating.Red)]
    public void Increase_is_judged_against_the_distance_from_baseline_to_target(decimal value, RagRating expected)
    {
        Assert.Equal(expected, OutcomeRating.Rate(Outcome(OutcomeDirection.Increase, 38, 50), value, 10m));
    }

    [Theory]
    // Maintain 80% where the baseline already is 80%: band is 10% of 80 = 8 either side
    [InlineData(80, RagRating.Green)]
    [InlineData(72, RagRating.Green)] // exactly on the band
    [InlineData(88, RagRating.Green)]
    [InlineData(64, RagRating.Amber)] // exactly on twice the band
    [InlineData(63.9, RagRating.Red)]
    [InlineData(96.1, RagRating.Red)]
    public void Maintain_with_target_equal_to_baseline_uses_a_band_around_the_target(decimal value, RagRating expected)
    {
        Assert.Equal(expected, OutcomeRating.Rate(Outcome(OutcomeDirection.Maintain, 80, 80), value, 10m));
    }

    [Fact]
    public void An_outcome_with_no_measurement_is_not_started()
    {
        var outcome = Outcome(OutcomeDirection.Increase, 38, 50);

        Assert.Equal(RagRating.NotStarted, OutcomeRating.Rate(outcome, 10m));
        Assert.Null(OutcomeRating.Latest(outcome.Measurements));
        Assert.Equal(OutcomeTrend.NotEnoughData, OutcomeRating.Trend(outcome));
    }

    [Fact]
    public void The_latest_measurement_is_the_one_with_the_latest_period_end_not_the_last_entered()
    {
        // Q2 (Sept) entered before a late Q1 (June) correction: Q2 still counts as latest.
        var outcome = Outcome(OutcomeDirection.Decrease, 386, 350, (9, 349), (6, 398));

        Assert.Equal(349, OutcomeRating.Latest(outcome.Measurements)!.Value);
        Assert.Equal(RagRating.Green, OutcomeRating.Rate(outcome, 10m));
        Assert.Equal(OutcomeTrend.Improving, OutcomeRating.Trend(outcome));
    }

    [Fact]
    public void With_no_tolerance_anything_short_of_the_target_is_red()
    {
        Assert.Equal(RagRating.Red, OutcomeRating.Rate(Outcome(OutcomeDirection.Increase, 38, 50), 49.99m, 0m));
        Assert.Equal(RagRating.Green, OutcomeRating.Rate(Outcome(OutcomeDirection.Increase, 38, 50), 50m, 0m));
    }

    [Theory]
    [InlineData(OutcomeDirection.Decrease, 398, 391, OutcomeTrend.Improving)]
    [InlineData(OutcomeDirection.Decrease, 391, 398, OutcomeTrend.Worsening)]
    [InlineData(OutcomeDirection.Increase, 9, 21, OutcomeTrend.Improving)]
    [InlineData(OutcomeDirection.Increase, 21, 21, OutcomeTrend.NoChange)]
    [InlineData(OutcomeDirection.Maintain, 70, 78, OutcomeTrend.Improving)]
    [InlineData(OutcomeDirection.Maintain, 78, 90, OutcomeTrend.Worsening)]
    public void Trend_compares_the_latest_value_with_the_one_before(OutcomeDirection direction, decimal before, decimal after, OutcomeTrend expected)
    {
        Assert.Equal(expected, OutcomeRating.Trend(Outcome(direction, 80, 80, (6, before), (9, after))));
    }

    [Fact]
    public void The_first_measurement_is_compared_with_the_baseline()
    {
        Assert.Equal(OutcomeTrend.Worsening, OutcomeRating.Trend(Outcome(OutcomeDirection.Decrease, 386, 350, (6, 398))));
    }
}
