using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Application.Jobs;
using ClinicalImaging.Domain.Studies;
using MediatR;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Application.Analysis.AnalyzeStudy;

public sealed class AnalyzeStudyHandler(IInferenceResultStore results, IInferenceRouter router, IJobQueue queue, IOptions<AnalysisOptions> options)
    : IRequestHandler<AnalyzeStudyCommand, AnalysisQueued>
{
    public async Task<AnalysisQueued> Handle(AnalyzeStudyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var studyUid = DicomUid.Parse(request.StudyInstanceUid, "StudyInstanceUID");
        var named = request.Models is { Count: > 0 } ? request.Models.Distinct(StringComparer.Ordinal).Select(Installed).ToArray() : null;
        var targets = await results.GetStudyTargetsAsync(studyUid, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Study", request.StudyInstanceUid);

        var jobs = new List<QueuedAnalysis>();
        var unrouted = new List<string>();
        foreach (var target in targets)
        {
            var models = named ?? router.ModelsFor(target.Modality, target.BodyPart);
            if (models.Count == 0)
            {
                unrouted.Add(target.Instance.SopInstanceUid);
            }

            foreach (var model in models)
            {
                var job = await queue.EnqueueAsync(
                    AnalysisJob.Create(target.Instance.Id, model, request.CamMethod, request.Priority, options.Value.MaxAttempts), cancellationToken).ConfigureAwait(false);
                jobs.Add(new QueuedAnalysis(job.Id, target.Instance.SopInstanceUid, model.Id, model.Version, job.Status));
            }
        }

        return new AnalysisQueued(request.StudyInstanceUid, jobs, unrouted);
    }

    private RoutedModel Installed(string modelId)
    {
        try
        {
            return router.Get(modelId);
        }
        catch (ModelNotAvailableException error)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { [nameof(AnalyzeStudyCommand.Models)] = [error.Message] });
        }
    }
}
