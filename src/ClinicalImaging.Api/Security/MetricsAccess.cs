using Microsoft.AspNetCore.RateLimiting;

namespace ClinicalImaging.Api.Security;

/// <summary>How <c>/metrics</c> is protected: call <c>.WithMetricsAccess(configuration)</c> on its endpoint.</summary>
public static class MetricsAccess
{
    /// <summary>
    /// Anonymous by default (scrapers on a private network); with <c>Metrics:RequireAuthentication=true</c> it needs
    /// the <see cref="SecurityNames.MetricsPolicy"/> policy: role admin, or an API key with the <c>metrics</c> scope.
    /// Never rate limited: a scrape must not be refused.
    /// </summary>
    public static TBuilder WithMetricsAccess<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(configuration);
        builder.DisableRateLimiting();
        return configuration.GetValue<bool>(SecurityNames.MetricsRequireAuthenticationSetting)
            ? builder.RequireAuthorization(SecurityNames.MetricsPolicy)
            : builder.AllowAnonymous();
    }
}
