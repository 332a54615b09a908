using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using MediatR;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Application.Orders.StartOrderedAcquisition;

/// <summary>
/// Ingest's one link to orders, kept out of the ingest code: after an instance is newly registered, the order waiting
/// for its study (same accession number, same patient) starts. Best effort by design: the image is stored whatever
/// happens here, and a failed match is retried by the next instance of the study; an order placed after its images
/// finds them itself when it is scheduled.
/// </summary>
public sealed partial class OrderMatchingBehaviour(IMediator mediator, ILogger<OrderMatchingBehaviour> logger)
    : IPipelineBehavior<RegisterInstanceCommand, InstanceRegistration>
{
    public async Task<InstanceRegistration> Handle(
        RegisterInstanceCommand request, CancellationToken cancellationToken, RequestHandlerDelegate<InstanceRegistration> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var registration = await next().ConfigureAwait(false);
        if (registration.Outcome != RegistrationOutcome.Created)
        {
            return registration;
        }

        try
        {
            await mediator.Send(new StartOrderedAcquisitionCommand(registration.StudyId), cancellationToken).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            // Another instance of the same study started the order first.
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogMatchFailed(logger, registration.StudyId, exception.GetType().Name, exception);
        }

        return registration;
    }

    [LoggerMessage(EventId = 6100, Level = LogLevel.Warning,
        Message = "Matching study {StudyKey} to its imaging order failed with {ExceptionType}; the next instance of the study retries")]
    private static partial void LogMatchFailed(ILogger logger, Guid studyKey, string exceptionType, Exception exception);
}
