using ClinicalImaging.Application.Analysis;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Infrastructure.Jobs;

/// <summary>
/// Queues the routed analyses of a newly registered instance through the registration's own unit of work, so the jobs
/// commit or roll back with the instance row: no instance is left without its analyses by a crash between the two,
/// and no job names an instance that was never stored (an outbox in the same database, decision 1001).
/// </summary>
public sealed class IngestAnalysisOutbox(IInferenceRouter router, IOptions<AnalysisOptions> options)
{
    internal void Stage(ClinicalImagingDbContext db, Guid instanceId, SeriesDetails series, DateTimeOffset now)
    {
        if (!router.EnqueueOnIngest)
        {
            return;
        }

        foreach (var model in router.ModelsFor(series.Modality, series.BodyPartExamined))
        {
            var job = AnalysisJob.Create(instanceId, model, camMethod: null, options.Value.IngestPriority, options.Value.MaxAttempts);
            db.Jobs.Add(JobRecord.Queued(job, now));
        }
    }
}
