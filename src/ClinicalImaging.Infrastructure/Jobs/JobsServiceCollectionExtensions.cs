using ClinicalImaging.Application.Analysis;
using ClinicalImaging.Application.Jobs;
using ClinicalImaging.Application.Triage;
using ClinicalImaging.Infrastructure.Inference.Registry;
using ClinicalImaging.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Infrastructure.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// The PostgreSQL job queue, routing (section "Inference:Routing", models from "Inference:Models"), the ingest
    /// outbox, the inference result store, and the triage and analysis options ("Triage", "Inference:Analysis").
    /// Every host gets these; only worker hosts add the job worker and the model runtime.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<TriageOptions>(configuration.GetSection(TriageOptions.Section));
        services.Configure<AnalysisOptions>(configuration.GetSection(AnalysisOptions.Section));
        var routing = configuration.GetSection(InferenceRoutingOptions.Section).Get<InferenceRoutingOptions>() ?? new InferenceRoutingOptions();
        var models = configuration.GetSection(ModelRegistryOptions.Section).Get<ModelRegistryOptions>() ?? new ModelRegistryOptions();
        services.AddSingleton<IInferenceRouter>(provider => new ManifestInferenceRouter(routing, models, provider.GetRequiredService<ILogger<ManifestInferenceRouter>>()));
        services.AddSingleton<IJobQueue, PostgresJobQueue>();
        services.AddSingleton<IngestAnalysisOutbox>();
        services.AddScoped<IInferenceResultStore, EfInferenceResultStore>();
        return services;
    }
}
