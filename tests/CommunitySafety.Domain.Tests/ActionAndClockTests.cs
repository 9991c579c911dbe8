using CommunitySafety.Domain;
using Microsoft.Extensions.Time.Testing;

namespace CommunitySafety.Domain.Tests;

public class ActionAndClockTests
{
    [Fact]
    public void An_open_action_is_overdue_from_the_day_after_it_is_due()
    {
        var action = new Action { Status = ActionStatus.InProgress, DueDate = new DateOnly(2026, 11, 20) };

        Assert.False(action.IsOverdueOn(new DateOnly(2026, 11, 20)));
        Assert.True(action.IsOverdueOn(new DateOnly(2026, 11, 21)));
        Assert.Equal(4, action.DaysOverdueOn(new DateOnly(2026, 11, 24)));
    }

    [Theory]
    [InlineData(ActionStatus.Completed)]
    [InlineData(ActionStatus.Cancelled)]
    [InlineData(ActionStatus.Deferred)]
    public void A_closed_or_deferred_action_is_never_overdue(ActionStatus status)
    {
        var action = new Action { Status = status, DueDate = new DateOnly(2020, 1, 1) };

        Assert.False(action.IsOverdueOn(new DateOnly(2026, 11, 24)));
    }

    [Fact]
    public void An_action_with_no_due_date_is_never_overdue()
    {
        Assert.False(new Action { Status = ActionStatus.InProgress }.IsOverdueOn(new DateOnly(2026, 11, 24)));
    }

    [Fact]
    public void Today_is_the_london_date_not_the_utc_date_in_summer()
    {
        // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 30, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 7, 1), time.Today());
    }

    [Fact]
    public void Today_is_the_utc_date_in_winter()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 12, 31), time.Today());
    }

    [Fact]
    public void A_london_day_starts_at_2300_utc_the_evening_before_in_summer()
    {
        Assert.Equal(new DateTime(2026, 6, 30, 23, 0, 0, DateTimeKind.Utc), PartnershipClock.StartOfDayUtc(new DateOnly(2026, 7, 1)));
        Assert.Equal(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), PartnershipClock.StartOfDayUtc(new DateOnly(2026, 12, 1)));
    }
}
