using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using MediatR;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Application.Orders.StartOrderedAcquisition;

/// <summary>
/// Ingest's one link to orders, kept out of the ingest code: once a registration has created instances, the order waiting
/// for each of their studies (same accession number, same patient) starts, one attempt per study. Best effort by design: the image is stored whatever
/// happens here, and a failed match is retried by the next instance of the study; an order placed after its images
/// finds them itself when it is scheduled.
/// </summary>
public sealed partial class OrderMatchingBehaviour(IMediator mediator, ILogger<OrderMatchingBehaviour> logger)
    : IPipelineBehavior<RegisterInstancesCommand, IReadOnlyList<RegistrationResult>>
{
    public async Task<IReadOnlyList<RegistrationResult>> Handle(
        RegisterInstancesCommand request, CancellationToken cancellationToken, RequestHandlerDelegate<IReadOnlyList<RegistrationResult>> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var results = await next().ConfigureAwait(false);
        var studies = results.Select(r => r.Registration).Where(r => r?.Outcome == RegistrationOutcome.Created).Select(r => r!.StudyId).Distinct();
        foreach (var studyId in studies)
        {
            try
            {
                await mediator.Send(new StartOrderedAcquisitionCommand(studyId), cancellationToken).ConfigureAwait(false);
            }
            catch (ConflictException)
            {
                // Another instance of the same study started the order first.
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogMatchFailed(logger, studyId, exception.GetType().Name, exception);
            }
        }

        return results;
    }

    [LoggerMessage(EventId = 6100, Level = LogLevel.Warning,
        Message = "Matching study {StudyKey} to its imaging order failed with {ExceptionType}; the next instance of the study retries")]
    private static partial void LogMatchFailed(ILogger logger, Guid studyKey, string exceptionType, Exception exception);
}
