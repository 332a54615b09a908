using ClinicalImaging.Application.Pacs;
using ClinicalImaging.Application.Pacs.ImportPacsChanges;
using ClinicalImaging.Infrastructure.Orthanc;
using MediatR;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Api.Pacs;

/// <summary>
/// Imports studies from Orthanc's change log as they become stable, when <c>Orthanc:ChangeFeed:Enabled</c> is true:
/// steps of <see cref="ImportPacsChangesCommand"/> back to back while the log has more, then one every poll interval.
/// Orthanc being down or restarting only delays it: the failure is logged and the step retried after the interval,
/// from the durable cursor. It runs as this service itself (no HTTP caller), so imports are audited to the system actor.
/// </summary>
public sealed partial class OrthancChangeFeedService(
    IServiceScopeFactory scopes,
    IOptions<OrthancOptions> options,
    TimeProvider time,
    ILogger<OrthancChangeFeedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var feed = options.Value.ChangeFeed;
        if (!feed.Enabled)
        {
            return;
        }

        LogStarted(logger, feed.PollInterval.TotalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var step = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportPacsChangesCommand(feed.BatchSize), stoppingToken);
                more = !step.Done;
            }
            catch (PacsException exception)
            {
                LogPacsFailed(logger, exception.Failure, exception.Message);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogStepFailed(logger, exception.GetType().Name, exception);
            }

            if (!more)
            {
                await Task.Delay(feed.PollInterval, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 7300, Level = LogLevel.Information, Message = "Orthanc change-feed import started; polling every {IntervalSeconds} s")]
    private static partial void LogStarted(ILogger logger, double intervalSeconds);

    // The message names Orthanc and the operation, never patient data (PacsException's contract).
    [LoggerMessage(EventId = 7301, Level = LogLevel.Warning, Message = "Orthanc change-feed import paused ({Failure}): {Reason}; retrying at the next interval")]
    private static partial void LogPacsFailed(ILogger logger, PacsFailure failure, string reason);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Error, Message = "Orthanc change-feed import step failed with {ExceptionType}; retrying at the next interval")]
    private static partial void LogStepFailed(ILogger logger, string exceptionType, Exception exception);
}
