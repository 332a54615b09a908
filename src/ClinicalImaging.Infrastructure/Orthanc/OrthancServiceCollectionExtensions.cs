using System.Net.Http.Headers;
using System.Text;
using ClinicalImaging.Application.Pacs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Infrastructure.Orthanc;

public static class OrthancServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IPacsClient"/> as a typed HttpClient for the Orthanc in section <c>Orthanc</c>, and the durable cursor
    /// of its change feed. A base URL carrying credentials is refused at start-up: they would end up in logs.
    /// </summary>
    public static IServiceCollection AddOrthanc(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrthancOptions>().Bind(configuration.GetSection(OrthancOptions.Section)).Validate(
            o => o.BaseUrl is null || (o.BaseUrl.IsAbsoluteUri && o.BaseUrl.Scheme is "http" or "https" && o.BaseUrl.UserInfo.Length == 0),
            $"{OrthancOptions.Section}:BaseUrl must be an absolute http(s) URL without credentials (give them as {OrthancOptions.Section}:Username and :Password)");
        services.AddTransient<OrthancRetryHandler>();
        services.AddHttpClient<IPacsClient, OrthancPacsClient>((provider, client) =>
            {
                var settings = provider.GetRequiredService<IOptions<OrthancOptions>>().Value;
                // Relative paths resolve under the base only when it ends with '/' (Orthanc may sit under a prefix).
                client.BaseAddress = settings.BaseUrl is { } url && !url.AbsolutePath.EndsWith('/') ? new Uri(url.AbsoluteUri + "/") : settings.BaseUrl;
                // Each call sets its own deadline (OrthancPacsClient): short for queries, long for C-MOVE.
                client.Timeout = Timeout.InfiniteTimeSpan;
                if (!string.IsNullOrEmpty(settings.Username))
                {
                    var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}"));
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
                }
            })
            .AddHttpMessageHandler<OrthancRetryHandler>();
        services.AddScoped<IPacsChangeCursorStore, EfPacsChangeCursorStore>();
        return services;
    }
}
