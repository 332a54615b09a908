using System.Diagnostics;
using MediatR;

namespace ClinicalImaging.Application.Common.Behaviours;

/// <summary>Records each use case's duration and outcome; tags are the request type and a coarse outcome only.</summary>
public sealed class MetricsBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        var outcome = "success";
        try
        {
            return await next().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            outcome = ApplicationMetrics.OutcomeOf(exception);
            throw;
        }
        finally
        {
            ApplicationMetrics.RecordRequest(typeof(TRequest).Name, outcome, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
