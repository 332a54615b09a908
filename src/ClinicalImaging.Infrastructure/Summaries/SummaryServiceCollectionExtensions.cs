using ClinicalImaging.Application.Summaries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicalImaging.Infrastructure.Summaries;

public static class SummaryServiceCollectionExtensions
{
    /// <summary>
    /// Summary options, and the language model when <c>Summaries:LanguageModel:Provider</c> names one. A provider
    /// without its API key stops start-up with a message naming the setting, rather than failing every request.
    /// </summary>
    public static IServiceCollection AddSummaries(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SummaryOptions>(configuration.GetSection(SummaryOptions.Section));
        var options = configuration.GetSection(LanguageModelOptions.Section).Get<LanguageModelOptions>() ?? new LanguageModelOptions();
        switch (options.Provider.ToLowerInvariant())
        {
            case "none":
                return services;
            case LanguageModelOptions.AnthropicProvider:
                if (string.IsNullOrWhiteSpace(options.ApiKey))
                {
                    throw new InvalidOperationException($"{LanguageModelOptions.Section}:ApiKey is required when the provider is '{options.Provider}'");
                }

                // One client for the process; the summary handler bounds each call's time.
                var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                {
                    Timeout = Timeout.InfiniteTimeSpan,
                };
                services.AddSingleton<ISummaryLanguageModel>(new AnthropicSummaryLanguageModel(http, options));
                return services;
            default:
                throw new InvalidOperationException($"{LanguageModelOptions.Section}:Provider '{options.Provider}' is not supported (none, {LanguageModelOptions.AnthropicProvider})");
        }
    }
}
