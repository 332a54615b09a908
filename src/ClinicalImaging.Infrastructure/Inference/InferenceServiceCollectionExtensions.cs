using ClinicalImaging.Application.Inference;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using ClinicalImaging.Infrastructure.Inference.Registry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Infrastructure.Inference;

public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// The ONNX Runtime environment (one per process; shared thread pools as decision 0301 recommends, sized by
    /// "Inference:Threading"), the model registry ("Inference:Models") and <see cref="IInferenceEngine"/>
    /// ("Inference:Engine"). The registry loads every model when first resolved.
    /// </summary>
    public static IServiceCollection AddOnnxInference(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var registryOptions = configuration.GetSection(ModelRegistryOptions.Section).Get<ModelRegistryOptions>() ?? new ModelRegistryOptions();
        var engineOptions = configuration.GetSection(InferenceEngineOptions.Section).Get<InferenceEngineOptions>() ?? new InferenceEngineOptions();
        var threading = configuration.GetSection(InferenceThreadingOptions.Section).Get<InferenceThreadingOptions>() ?? new InferenceThreadingOptions();
        var parallelRuns = threading.ResolveParallelRuns();
        services.TryAddSingleton(provider => OnnxRuntimeEnvironment.Create(new()
        {
            Logger = provider.GetService<ILoggerFactory>()?.CreateLogger("OnnxRuntime"),
            SharedThreadPools = threading.ThreadPools(),
        }));
        services.TryAddSingleton(provider => new OnnxModelRegistry(
            provider.GetRequiredService<OnnxRuntimeEnvironment>(), registryOptions, provider.GetRequiredService<ILogger<OnnxModelRegistry>>(), parallelRuns: parallelRuns));
        services.TryAddSingleton<IModelRegistry>(provider => provider.GetRequiredService<OnnxModelRegistry>());
        services.TryAddSingleton(engineOptions);
        services.TryAddSingleton<IInferenceEngine, OnnxRuntimeInferenceEngine>();
        return services;
    }
}
