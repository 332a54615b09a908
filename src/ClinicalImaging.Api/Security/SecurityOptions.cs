namespace ClinicalImaging.Api.Security;

/// <summary>HTTP hardening settings (<c>Security</c> section): CORS, rate limiting and request body limits.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Origins allowed to call the API from a browser. Empty (the default): no cross-origin access at all.</summary>
    public string[] CorsAllowedOrigins { get; set; } = [];

    /// <summary>Requests per caller (user, API key, or client address when anonymous) per <see cref="RateLimitWindow"/>.</summary>
    public int RateLimitPermits { get; set; } = 600;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Largest request body on routes that set no limit of their own (uploads set larger ones).</summary>
    public long DefaultMaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
