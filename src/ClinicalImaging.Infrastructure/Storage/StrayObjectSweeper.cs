using ClinicalImaging.Application.Common.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Infrastructure.Storage;

/// <summary>Configuration section <c>Storage:Sweep</c>.</summary>
public sealed class StrayObjectSweeperOptions
{
    public const string Section = "Storage:Sweep";

    /// <summary>
    /// Objects younger than this are never swept: ingest commits an object before it registers it, so a young
    /// unreferenced object may be one whose registration is still running.
    /// </summary>
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>How often the API host's background sweep runs; zero or less disables it.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// Deletes committed objects that no instance row refers to: what a crash between commit and registration, or a failed
/// clean-up after a refused object, leaves behind. Safe to run from several replicas at once (deleting twice is harmless).
/// </summary>
public sealed partial class StrayObjectSweeper(IBlobStore blobs, IServiceScopeFactory scopes, IClock clock, ILogger<StrayObjectSweeper> logger)
{
    private const int BatchSize = 500;

    /// <summary>Sweeps unreferenced objects and abandoned staging files older than <paramref name="minimumAge"/>; returns how many were deleted.</summary>
    public async Task<int> SweepAsync(TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var batch = new List<string>(BatchSize);
        await foreach (var key in blobs.ListKeysAsync(clock.UtcNow - minimumAge, cancellationToken).ConfigureAwait(false))
        {
            batch.Add(key);
            if (batch.Count == BatchSize)
            {
                deleted += await DeleteUnreferencedAsync(batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        deleted += await DeleteUnreferencedAsync(batch, cancellationToken).ConfigureAwait(false);
        var abandoned = await blobs.DeleteAbandonedStagingAsync(clock.UtcNow - minimumAge, cancellationToken).ConfigureAwait(false);
        LogSwept(logger, deleted, abandoned);
        return deleted + abandoned;
    }

    private async Task<int> DeleteUnreferencedAsync(List<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return 0;
        }

        IReadOnlyList<string> unreferenced;
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            unreferenced = await scope.ServiceProvider.GetRequiredService<IStudyStore>()
                .FindUnreferencedBlobKeysAsync(keys, cancellationToken).ConfigureAwait(false);
        }

        foreach (var key in unreferenced)
        {
            await blobs.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }

        return unreferenced.Count;
    }

    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Stray object sweep deleted {Count} unreferenced objects and {Abandoned} abandoned staging files")]
    private static partial void LogSwept(ILogger logger, int count, int abandoned);
}
