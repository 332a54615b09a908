using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Domain.Common;
using MediatR;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Application.Audit;

/// <summary>
/// Records every <see cref="IAuditedRequest"/>: reads on success, with the ids an <see cref="IAuditedResponse"/> discloses (a failed write fails the request with
/// <see cref="AuditUnavailableException"/>, so nothing is served unrecorded), and every failure, denials included,
/// with its outcome. Successful changes are recorded by the store inside their own transaction.
/// </summary>
public sealed partial class AuditBehaviour<TRequest, TResponse>(IAuditTrail auditTrail, ILogger<AuditBehaviour<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (request is not IAuditedRequest audited)
        {
            return await next().ConfigureAwait(false);
        }

        TResponse response;
        try
        {
            response = await next().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not AuditUnavailableException and not OperationCanceledException)
        {
            await RecordFailureAsync(audited, OutcomeOf(exception), exception, cancellationToken).ConfigureAwait(false);
            throw;
        }

        if (audited.AuditKind == AuditKind.Read)
        {
            try
            {
                var record = RecordOf(audited, AuditOutcome.Success);
                if (response is IAuditedResponse disclosed)
                {
                    record = record with { ResourceIds = [.. record.ResourceIds, .. disclosed.AuditResourceIds] };
                }

                await auditTrail.RecordAsync(record, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                throw new AuditUnavailableException(exception);
            }
        }

        return response;
    }

    /// <summary>The original failure is what the caller must see; a lost failure record is logged loudly instead.</summary>
    private async Task RecordFailureAsync(IAuditedRequest audited, AuditOutcome outcome, Exception original, CancellationToken cancellationToken)
    {
        try
        {
            await auditTrail.RecordAsync(RecordOf(audited, outcome), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailureNotRecorded(logger, audited.AuditAction, outcome, original.GetType().Name, exception.GetType().Name);
        }
    }

    /// <summary>An invalid request's ids were never validated and may hold anything a caller typed: they are not kept.</summary>
    private static AuditRecord RecordOf(IAuditedRequest audited, AuditOutcome outcome) =>
        new(audited.AuditAction, audited.AuditResourceType, outcome == AuditOutcome.Invalid ? [] : audited.AuditResourceIds, outcome);

    private static AuditOutcome OutcomeOf(Exception exception) => exception switch
    {
        ForbiddenAccessException or UnauthenticatedException => AuditOutcome.Denied,
        NotFoundException => AuditOutcome.NotFound,
        StateTransitionException => AuditOutcome.Conflict,
        RequestValidationException or DomainException => AuditOutcome.Invalid,
        ConflictException => AuditOutcome.Conflict,
        _ => AuditOutcome.Failed,
    };

    [LoggerMessage(EventId = 1100, Level = LogLevel.Critical,
        Message = "Audit record of failed {Action} ({Outcome}, {ExceptionType}) could not be written: {AuditExceptionType}")]
    private static partial void LogFailureNotRecorded(ILogger logger, string action, AuditOutcome outcome, string exceptionType, string auditExceptionType);
}
