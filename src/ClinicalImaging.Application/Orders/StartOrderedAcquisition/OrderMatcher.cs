using ClinicalImaging.Application.Common.Exceptions;
using MediatR;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Application.Orders.StartOrderedAcquisition;

/// <summary>
/// Starts the order waiting for an archived study (same accession number, same patient), when a study gains images
/// (ingest) or its real patient (reconciliation). Best effort by design: the images stay whatever happens here, and a
/// failed match is retried by the next instance of the study; an order placed after its images finds them itself
/// when it is scheduled.
/// </summary>
public sealed partial class OrderMatcher(IMediator mediator, ILogger<OrderMatcher> logger)
{
    public async Task MatchAsync(Guid studyKey, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new StartOrderedAcquisitionCommand(studyKey), cancellationToken).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            // Another instance of the same study started the order first.
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogMatchFailed(logger, studyKey, exception.GetType().Name, exception);
        }
    }

    [LoggerMessage(EventId = 6100, Level = LogLevel.Warning,
        Message = "Matching study {StudyKey} to its imaging order failed with {ExceptionType}; the next instance of the study retries")]
    private static partial void LogMatchFailed(ILogger logger, Guid studyKey, string exceptionType, Exception exception);
}
