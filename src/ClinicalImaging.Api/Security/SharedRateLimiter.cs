using System.Threading.RateLimiting;
using ClinicalImaging.Infrastructure.Security;
using Npgsql;

namespace ClinicalImaging.Api.Security;

/// <summary>
/// The cluster-wide limiter (<c>Security:RateLimitStore=PostgreSql</c>): each request adds one to its caller's
/// fixed-window counter in PostgreSQL, so every replica counts against one limit. When the counter cannot be read in
/// <see cref="SecurityOptions.RateLimitStoreTimeout"/>, <see cref="SecurityOptions.RateLimitStoreFailure"/> decides:
/// let the request through, or refuse it (503, <see cref="StoreUnavailable"/>).
/// </summary>
internal sealed partial class SharedRateLimiter(
    PostgreSqlRateLimitCounter counter, SecurityOptions options, Func<HttpContext, string?> partitionOf, ILogger<SharedRateLimiter> logger)
    : PartitionedRateLimiter<HttpContext>
{
    /// <summary>The reason phrase of a lease refused because the store did not answer.</summary>
    public const string StoreUnavailable = "rate limit store unavailable";

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    /// <summary>Nothing can be decided without the database: probes pass, everything else goes to <see cref="AcquireAsyncCore"/>.</summary>
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        partitionOf(resource) is null ? Lease.Granted : Lease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (partitionOf(resource) is not { } partition)
        {
            return Lease.Granted;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RateLimitStoreTimeout);
        try
        {
            var count = await counter.IncrementAsync(partition, options.RateLimitWindow, timeout.Token);
            return count.Permits <= options.RateLimitPermits ? Lease.Granted : Lease.Refused(count.WindowRemaining, reason: null);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogStoreUnavailable(logger, options.RateLimitStoreFailure, exception.GetType().Name);
            return options.RateLimitStoreFailure == RateLimitStoreFailure.Open
                ? Lease.Granted
                : Lease.Refused(options.RateLimitWindow, StoreUnavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit counter unavailable ({Exception}); failing {Failure}")]
    private static partial void LogStoreUnavailable(ILogger logger, RateLimitStoreFailure failure, string exception);

    private sealed class Lease(bool acquired, TimeSpan? retryAfter, string? reason) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null, null);
        public static readonly Lease Undecided = new(false, null, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames =>
            new[] { retryAfter is null ? null : MetadataName.RetryAfter.Name, reason is null ? null : MetadataName.ReasonPhrase.Name }.OfType<string>();

        public static Lease Refused(TimeSpan retryAfter, string? reason) => new(false, retryAfter, reason);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter
                : metadataName == MetadataName.ReasonPhrase.Name ? reason
                : null;
            return metadata is not null;
        }
    }
}
