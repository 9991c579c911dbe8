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

public class OutcomeTrajectoryTests
{
    private static Outcome KnifeCrime() => new()
    {
        Direction = OutcomeDirection.Decrease, BaselineValue = 400, TargetValue = 300, TargetDate = new DateOnly(2027, 3, 31),
    };

    private static readonly DateOnly PlanStart = new(2025, 4, 1);

    [Fact]
    public void Half_way_through_the_plan_the_yardstick_is_half_way_to_the_target()
    {
        var halfWay = PlanStart.AddDays((new DateOnly(2027, 3, 31).DayNumber - PlanStart.DayNumber) / 2);

        Assert.Equal(350m, Math.Round(OutcomeRating.ExpectedBy(KnifeCrime(), (PlanStart, halfWay))));
    }

    [Theory]
    [InlineData(348, RagRating.Green)] // ahead of the path
    [InlineData(358, RagRating.Amber)] // behind it by less than 10% of the distance (10)
    [InlineData(372, RagRating.Red)]
    public void A_figure_part_way_through_is_judged_against_the_path_not_the_final_target(decimal value, RagRating expected)
    {
        var halfWay = new DateOnly(2026, 4, 1);

        Assert.Equal(expected, OutcomeRating.Rate(KnifeCrime(), value, 10m, (PlanStart, halfWay)));
        Assert.Equal(RagRating.Red, OutcomeRating.Rate(KnifeCrime(), 348m, 10m)); // without a path only the target counts
    }

    [Fact]
    public void From_the_target_date_the_target_itself_is_the_yardstick()
    {
        Assert.Equal(300m, OutcomeRating.ExpectedBy(KnifeCrime(), (PlanStart, new DateOnly(2027, 6, 30))));
        Assert.Equal(RagRating.Red, OutcomeRating.Rate(KnifeCrime(), 348m, 10m, (PlanStart, new DateOnly(2027, 6, 30))));
    }

    [Fact]
    public void The_latest_measurement_date_is_used_when_rating_an_outcome()
    {
        var outcome = KnifeCrime();
        outcome.Measurements.Add(new Measurement { PeriodEnd = new DateOnly(2026, 4, 1), Value = 348 });

        Assert.Equal(RagRating.Green, OutcomeRating.Rate(outcome, 10m, PlanStart));
    }

    [Fact]
    public void The_judgement_gives_the_working_behind_the_rating()
    {
        var judgement = OutcomeRating.Judge(KnifeCrime(), 372m, 10m, (PlanStart, new DateOnly(2026, 4, 1)));

        Assert.Equal(RagRating.Red, judgement.Rating);
        Assert.True(judgement.OnThePath);
        Assert.Equal(350m, Math.Round(judgement.Expected));
        Assert.Equal(22m, Math.Round(judgement.Shortfall));
        Assert.Equal(10m, judgement.AmberAllowance);
        Assert.Null(OutcomeRating.Judge(KnifeCrime(), 10m, PlanStart));
    }
}
