using ClinicalImaging.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Api.Ingest;

/// <summary>Runs <see cref="StrayObjectSweeper"/> every <see cref="StrayObjectSweeperOptions.Interval"/>.</summary>
public sealed partial class StrayObjectSweepService(StrayObjectSweeper sweeper, IOptions<StrayObjectSweeperOptions> options, ILogger<StrayObjectSweepService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await sweeper.SweepAsync(settings.MinimumAge, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(logger, exception.GetType().Name, exception);
            }
        }
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Stray object sweep failed with {ExceptionType}; retrying at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, string exceptionType, Exception exception);
}
