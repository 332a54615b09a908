using ClinicalImaging.Application.Common.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClinicalImaging.Api.Security;

/// <summary>
/// The OpenAPI document's side of authentication: the two ways in (a bearer token, an API key) as security schemes,
/// so Swagger UI offers "Authorize", and each operation marked with them and with the access policy it needs.
/// </summary>
internal static class OpenApiSecurity
{
    public static void AddClinicalImagingSecurity(this SwaggerGenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddSecurityDefinition(SecurityNames.BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token from the identity provider (OpenID Connect); locally `./scripts/clinimg token --role ROLE`.",
        });
        options.AddSecurityDefinition(SecurityNames.ApiKeyScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = SecurityNames.ApiKeyHeader,
            Description = "A machine's API key, `cik_<prefix>_<secret>` (POST /api/v1/admin/api-keys).",
        });
        options.OperationFilter<AccessPolicyOperationFilter>();
    }

    /// <summary>
    /// An operation with an access policy accepts either scheme (two alternative requirements) and names its policy and
    /// roles in its description, and may answer 401 and 403; an anonymous one is left without requirements.
    /// </summary>
    private sealed class AccessPolicyOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }

            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityNames.BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityNames.ApiKeyScheme, context.Document)] = [] },
            ];
            var access = policies.Select(p => AccessPolicies.ByName.TryGetValue(p, out var policy)
                ? $"`{p}` ({string.Join(", ", policy.Roles.Concat(policy.Scopes.Select(s => $"scope {s}")).Order(StringComparer.Ordinal))})"
                : $"`{p}`");
            var requirement = $"Access: {string.Join("; ", access)}.";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? requirement : $"{operation.Description}\n\n{requirement}";
            operation.Responses ??= [];
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid credentials" });
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The caller lacks the access policy" });
        }
    }
}
