using ClinicalImaging.Application.Jobs;
using ClinicalImaging.Application.Triage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Application.Analysis;

public static class AnalysisServiceCollectionExtensions
{
    /// <summary>Triage (options section "Triage", checked when first resolved) and the analysis options.</summary>
    public static IServiceCollection AddAnalysis(this IServiceCollection services)
    {
        services.AddOptions<TriageOptions>();
        services.AddOptions<AnalysisOptions>();
        services.TryAddSingleton(provider => new TriagePolicy(provider.GetRequiredService<IOptions<TriageOptions>>().Value));
        services.TryAddSingleton<TriageEvaluator>();
        return services;
    }

    /// <summary>
    /// The inference job handler, for hosts that run jobs. It needs the model runtime (<c>IInferenceEngine</c> and
    /// <c>IModelRegistry</c>), which the host registers too.
    /// </summary>
    public static IServiceCollection AddInferenceJobHandler(this IServiceCollection services)
    {
        services.TryAddScoped<AnalysisImages>();
        services.AddScoped<IJobHandler, AnalyzeInstanceJobHandler>();
        return services;
    }
}
