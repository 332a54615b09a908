using System.Text.Json;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Application.Jobs;

namespace ClinicalImaging.Application.Analysis;

/// <summary>
/// The payload of an inference job: run one model on one stored instance. One job per (instance, model, version),
/// deduplicated on that key, so that queuing the same analysis twice (ingest and a manual request) runs it once.
/// </summary>
/// <param name="InstanceId">The instance's internal key.</param>
/// <param name="ModelId">The model to run.</param>
/// <param name="CamMethod">The explanation method; null: the model's default.</param>
public sealed record AnalysisJob(Guid InstanceId, string ModelId, CamMethod? CamMethod = null)
{
    /// <summary>The job kind, also the queue's name in metrics.</summary>
    public const string Kind = "inference";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string DedupeKey(Guid instanceId, RoutedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return $"{Kind}:{instanceId:N}:{model.Id}:{model.Version}";
    }

    public static NewJob Create(Guid instanceId, RoutedModel model, CamMethod? camMethod, int priority, int maxAttempts)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new NewJob(Kind, JsonSerializer.Serialize(new AnalysisJob(instanceId, model.Id, camMethod), Json), DedupeKey(instanceId, model), priority, maxAttempts);
    }

    /// <exception cref="PermanentJobFailureException">The payload is not an analysis job.</exception>
    public static AnalysisJob Parse(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<AnalysisJob>(payload, Json) is { ModelId: not null } job && job.InstanceId != Guid.Empty
                ? job
                : throw new PermanentJobFailureException("The inference job's payload names no instance or model");
        }
        catch (JsonException error)
        {
            throw new PermanentJobFailureException($"The inference job's payload is not valid JSON: {error.Message}", error);
        }
    }
}
