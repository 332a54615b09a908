using System.Diagnostics;
using MediatR;

namespace ClinicalImaging.Application.Common.Behaviours;

/// <summary>
/// One span per use case, named for the request type. Tags are the request type and outcome only: requests carry
/// patient data, so none of their properties become span attributes.
/// </summary>
public sealed class TracingBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        using var activity = ApplicationTracing.Source.StartActivity(typeof(TRequest).Name);
        try
        {
            var response = await next().ConfigureAwait(false);
            activity?.SetTag("app.outcome", "success");
            return response;
        }
        catch (Exception exception)
        {
            var outcome = ApplicationMetrics.OutcomeOf(exception);
            activity?.SetTag("app.outcome", outcome);
            // Client mistakes are not span errors; only what the operator must look at is.
            if (outcome == "error")
            {
                activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            }

            throw;
        }
    }
}
