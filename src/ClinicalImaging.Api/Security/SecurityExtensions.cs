using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Research;
using ClinicalImaging.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ClinicalImaging.Api.Security;

/// <summary>
/// Authentication (bearer tokens for people, API keys for machines), the endpoint policies from
/// <see cref="AccessPolicies"/>, the caller's identity for the use-case pipeline and the audit trail, and HTTP
/// hardening (security headers, body limits, rate limits, closed CORS, HSTS). Two calls in Program.cs.
/// </summary>
public static class SecurityExtensions
{
    private static readonly string[] SignatureAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.HmacSha256,
    ];

    public static WebApplicationBuilder AddClinicalImagingSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;
        var jwt = configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        RefuseUnsafeConfiguration(builder.Environment, jwt, configuration.GetSection(PhiProtectionOptions.Section).Get<PhiProtectionOptions>());
        var signingKeys = JwtKeys.ValidationKeys(jwt); // now, so that a malformed key stops start-up
        // Research keys too: malformed ones stop start-up, absent ones leave research routes answering 503.
        _ = new ResearchDeidentifier(Options.Create(configuration.GetSection(ResearchOptions.Section).Get<ResearchOptions>() ?? new ResearchOptions()));

        services.Configure<JwtOptions>(configuration.GetSection(JwtOptions.Section));
        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.Section));
        services.AddHttpContextAccessor();
        services.Replace(ServiceDescriptor.Scoped<ICurrentUser, HttpCurrentUser>());
        services.Replace(ServiceDescriptor.Scoped<IRequestOrigin, HttpRequestOrigin>());

        services.AddAuthentication(SecurityNames.DefaultScheme)
            .AddPolicyScheme(SecurityNames.DefaultScheme, "Bearer token or API key", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(SecurityNames.ApiKeyHeader) ? SecurityNames.ApiKeyScheme : SecurityNames.BearerScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(SecurityNames.ApiKeyScheme, null)
            .AddJwtBearer(SecurityNames.BearerScheme, options => ConfigureBearer(options, jwt, signingKeys));

        services.AddSingleton<IAuthorizationHandler, AccessPolicyHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();
        services.AddAuthorization(options =>
        {
            foreach (var policy in AccessPolicies.ByName.Values)
            {
                options.AddPolicy(policy.Name, p => p.RequireAuthenticatedUser().AddRequirements(new AccessPolicyRequirement(policy)));
            }

            // A route that forgot its policy still needs a caller (and the route-table test fails). Requests no route
            // serves (Swagger UI's middleware at /docs, 404s) pass through to answer for themselves.
            options.FallbackPolicy = new AuthorizationPolicyBuilder()
                .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true || context.Resource is HttpContext { } http && http.GetEndpoint() is null)
                .Build();
        });

        ConfigureForwardedHeaders(services, security.ForwardedHeaders);
        ConfigureRateLimits(services, security);
        services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(security.CorsAllowedOrigins)
            .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete)
            .WithHeaders("Authorization", "Content-Type", "Accept", SecurityNames.ApiKeyHeader)));
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = security.DefaultMaxRequestBodyBytes;
        });
        return builder;
    }

    /// <summary>The security middleware, in order; call before the endpoints (and before Swagger, so /docs gets the headers too).</summary>
    public static WebApplication UseClinicalImagingSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.ForwardedHeaders.Enabled)
        {
            app.UseForwardedHeaders();
        }

        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseCors();
        app.UseRequestBodyLimits();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    private static void ConfigureBearer(JwtBearerOptions options, JwtOptions jwt, IReadOnlyList<SecurityKey> signingKeys)
    {
        options.MapInboundClaims = false;
        options.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
        {
            options.Authority = jwt.Authority;
        }

        if (!string.IsNullOrWhiteSpace(jwt.MetadataAddress))
        {
            options.MetadataAddress = jwt.MetadataAddress;
        }

        // Keys from the provider's JWKS (when Authority/MetadataAddress is set) are added to these by the handler.
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            IssuerSigningKeys = signingKeys,
            ValidAlgorithms = SignatureAlgorithms,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = jwt.ClockSkew,
            NameClaimType = jwt.NameClaim,
            RoleClaimType = jwt.RoleClaim,
        };
    }

    /// <summary>
    /// Trusts exactly the configured proxies: the framework's defaults (loopback) are cleared, so an address in
    /// X-Forwarded-For counts only when the connection comes from a proxy the operator named. A malformed entry, or
    /// enabling without naming any proxy, stops start-up.
    /// </summary>
    private static void ConfigureForwardedHeaders(IServiceCollection services, ForwardedHeadersSettings settings)
    {
        if (!settings.Enabled)
        {
            return;
        }

        const string section = $"{SecurityOptions.Section}:{nameof(SecurityOptions.ForwardedHeaders)}";
        if (settings.KnownProxies.Length == 0 && settings.KnownNetworks.Length == 0)
        {
            throw new InvalidOperationException($"{section}:Enabled needs KnownProxies or KnownNetworks: the proxies whose headers are believed");
        }

        if (settings.ForwardLimit < 1)
        {
            throw new InvalidOperationException($"{section}:ForwardLimit must be at least 1");
        }

        var proxies = settings.KnownProxies.Select(text => IPAddress.TryParse(text, out var address)
            ? address
            : throw new InvalidOperationException($"{section}:KnownProxies: '{text}' is not an IP address")).ToList();
        var networks = settings.KnownNetworks.Select(text => System.Net.IPNetwork.TryParse(text, out var network)
            ? network
            : throw new InvalidOperationException($"{section}:KnownNetworks: '{text}' is not a network in CIDR notation (10.0.0.0/8)")).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = settings.ForwardLimit;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
    }

    private static void ConfigureRateLimits(IServiceCollection services, SecurityOptions security)
    {
        services.AddRateLimiter(ConfigureRejection);
        if (security.RateLimitStore == RateLimitStore.PostgreSql)
        {
            services.AddOptions<RateLimiterOptions>().Configure<PostgreSqlRateLimitCounter, ILogger<SharedRateLimiter>>((options, counter, logger) =>
                options.GlobalLimiter = new SharedRateLimiter(counter, security, RateLimitPartition, logger));
            return;
        }

        services.AddOptions<RateLimiterOptions>().Configure(options => options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition(context) is { } partition
                ? System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = security.RateLimitPermits,
                    Window = security.RateLimitWindow,
                    QueueLimit = 0,
                })
                : System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter("probes")));
    }

    /// <summary>Whose limit a request counts against: the authenticated caller, else the client address; null for probes, which are never limited.</summary>
    private static string? RateLimitPartition(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/ready"))
        {
            return null;
        }

        var subject = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(SecurityNames.SubjectClaim)?.Value : null;
        return subject is not null ? $"caller:{subject}" : $"address:{context.Connection.RemoteIpAddress}";
    }

    private static void ConfigureRejection(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (rejected, cancellationToken) =>
        {
            var context = rejected.HttpContext;
            if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            var storeUnavailable = rejected.Lease.TryGetMetadata(MetadataName.ReasonPhrase, out var reason) && reason == SharedRateLimiter.StoreUnavailable;
            context.Response.StatusCode = storeUnavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = storeUnavailable
                    ? new ProblemDetails
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Title = "Service unavailable",
                        Detail = "The shared rate limit counter cannot be read and this server refuses uncounted requests; retry after the interval in Retry-After",
                    }
                    : new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = "This caller's request rate is over the limit; retry after the interval in Retry-After",
                    },
            });
        };
    }

    /// <summary>Development keys are committed to the repository: they must never protect real patients.</summary>
    private static void RefuseUnsafeConfiguration(IHostEnvironment environment, JwtOptions jwt, PhiProtectionOptions? phi)
    {
        if (string.IsNullOrWhiteSpace(jwt.Issuer) || string.IsNullOrWhiteSpace(jwt.Audience))
        {
            throw new InvalidOperationException($"{JwtOptions.Section}:Issuer and :Audience must be configured");
        }

        if (jwt.SigningKeys.Count == 0 && string.IsNullOrWhiteSpace(jwt.Authority) && string.IsNullOrWhiteSpace(jwt.MetadataAddress))
        {
            throw new InvalidOperationException($"{JwtOptions.Section} needs an Authority, a MetadataAddress or SigningKeys to validate tokens");
        }

        if (environment.IsDevelopment())
        {
            return;
        }

        if (jwt.SigningKeys.Any(k => k.KeyId.StartsWith(JwtOptions.DevelopmentKeyIdPrefix, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException(
                $"The development token signing key is configured in the {environment.EnvironmentName} environment; configure the identity provider instead");
        }

        if (phi is not null && phi.Keys.Keys.Any(id => id.StartsWith(PhiProtectionOptions.DevelopmentKeyIdPrefix, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException(
                $"A development PHI encryption key is configured in the {environment.EnvironmentName} environment; generate real keys with `clinimg keys generate`");
        }
    }
}
