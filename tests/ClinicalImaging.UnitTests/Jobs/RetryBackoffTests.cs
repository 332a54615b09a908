using ClinicalImaging.Application.Jobs;
using Xunit;

namespace ClinicalImaging.UnitTests.Jobs;

public sealed class RetryBackoffTests
{
    private readonly RetryBackoff _backoff = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(8, 600)]
    [InlineData(60, 600)]
    public void The_delay_doubles_per_attempt_up_to_the_cap_and_jitter_spans_its_upper_half(int attempt, double cappedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(cappedSeconds / 2), _backoff.After(attempt, 0));
        Assert.Equal(TimeSpan.FromSeconds(cappedSeconds), _backoff.After(attempt, 1));
    }

    [Fact]
    public void Random_jitter_stays_within_the_attempts_range()
    {
        for (var i = 0; i < 200; i++)
        {
            var delay = _backoff.After(3);
            Assert.InRange(delay, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public void Attempts_count_from_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _backoff.After(0, 0.5));

    [Fact]
    public void Worker_settings_that_would_let_a_live_lease_expire_are_refused()
    {
        var options = new JobWorkerOptions { LeaseDuration = TimeSpan.FromSeconds(10), HeartbeatInterval = TimeSpan.FromSeconds(6) };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("HeartbeatInterval", error.Message, StringComparison.Ordinal);
    }
}
