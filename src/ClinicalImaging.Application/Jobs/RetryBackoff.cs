namespace ClinicalImaging.Application.Jobs;

/// <summary>
/// Exponential backoff with "equal jitter": the delay after attempt n is half of min(max, base·2ⁿ⁻¹) plus a random part
/// of up to the other half, so retries of jobs that failed together (a database blip) spread out instead of returning
/// together.
/// </summary>
public sealed class RetryBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
{
    /// <summary>The delay after failed attempt <paramref name="attempt"/> (from 1).</summary>
    public TimeSpan After(int attempt) => After(attempt, Random.Shared.NextDouble());

    /// <summary>The delay after failed attempt <paramref name="attempt"/> with the random part fixed (<paramref name="jitter"/> in 0..1).</summary>
    public TimeSpan After(int attempt, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitter, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jitter, 1);
        // 2^(attempt-1) overflows long before attempt 64; the cap is reached far earlier anyway.
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (capped / 2 * jitter));
    }
}
