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

    /// <summary>Where the counters live: in each process (limits per replica), or in PostgreSQL (one limit across replicas).</summary>
    public RateLimitStore RateLimitStore { get; set; } = RateLimitStore.Process;

    /// <summary>With the PostgreSQL store: what a request gets when its counter cannot be read in time.</summary>
    public RateLimitStoreFailure RateLimitStoreFailure { get; set; } = RateLimitStoreFailure.Open;

    /// <summary>With the PostgreSQL store: how long a request waits for its counter before <see cref="RateLimitStoreFailure"/> applies.</summary>
    public TimeSpan RateLimitStoreTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest request body on routes that set no limit of their own (uploads set larger ones).</summary>
    public long DefaultMaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Behind a reverse proxy: whose X-Forwarded-For/-Proto to believe (off by default).</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();
}

public enum RateLimitStore
{
    /// <summary>Fixed windows in each process: N replicas let a caller through N times the limit.</summary>
    Process,

    /// <summary>Fixed windows counted in PostgreSQL, shared by every replica: one upsert per request.</summary>
    PostgreSql,
}

public enum RateLimitStoreFailure
{
    /// <summary>Let the request through (and log): a limiter problem does not become an outage.</summary>
    Open,

    /// <summary>Refuse the request with 503: no request goes uncounted.</summary>
    Closed,
}

/// <summary>
/// <c>Security:ForwardedHeaders</c>. Off by default: the client address is the connection's. Enabled, a request arriving
/// from one of <see cref="KnownProxies"/> or <see cref="KnownNetworks"/> (and only then) takes its client address and
/// scheme from X-Forwarded-For and X-Forwarded-Proto, which the audit trail and the rate limiter then use.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public bool Enabled { get; set; }

    /// <summary>Addresses of the trusted proxies (e.g. 10.0.0.5, fd00::5).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation (e.g. 10.244.0.0/16, the ingress pods).</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row to unwind (entries of X-Forwarded-For read from the right).</summary>
    public int ForwardLimit { get; set; } = 1;
}
