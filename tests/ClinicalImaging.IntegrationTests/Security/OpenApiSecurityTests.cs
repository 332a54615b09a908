using System.Text.Json;
using System.Text.RegularExpressions;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.IntegrationTests.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

/// <summary>The OpenAPI document declares both ways in and marks every operation with what it requires, as the route table does.</summary>
public sealed partial class OpenApiSecurityTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task The_document_declares_the_bearer_and_API_key_schemes()
    {
        var schemes = (await DocumentAsync()).GetProperty("components").GetProperty("securitySchemes");

        var bearer = schemes.GetProperty("Bearer");
        Assert.Equal(("http", "bearer", "JWT"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString(), bearer.GetProperty("bearerFormat").GetString()));
        var apiKey = schemes.GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (apiKey.GetProperty("type").GetString(), apiKey.GetProperty("in").GetString(), apiKey.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Every_protected_operation_requires_either_scheme_and_names_its_policy_and_anonymous_ones_require_nothing()
    {
        var document = await DocumentAsync();
        var routes = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(r => (r.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => KeyValuePair.Create($"{DocumentPath(r)} {m.ToLowerInvariant()}", r)))
            .ToDictionary();
        var checkedOperations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                var route = routes[$"{path.Name} {operation.Name}"];
                var policy = route.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).FirstOrDefault();
                if (route.Metadata.GetMetadata<IAllowAnonymous>() is not null)
                {
                    Assert.False(operation.Value.TryGetProperty("security", out _), $"{operation.Name} {path.Name} is anonymous");
                    continue;
                }

                var security = operation.Value.GetProperty("security").EnumerateArray().Select(r => string.Join(",", r.EnumerateObject().Select(p => p.Name))).ToList();
                Assert.Equal(["Bearer", "ApiKey"], security);
                Assert.Contains($"`{policy}`", operation.Value.GetProperty("description").GetString(), StringComparison.Ordinal);
                Assert.True(operation.Value.GetProperty("responses").TryGetProperty("403", out _), $"{operation.Name} {path.Name}");
                checkedOperations++;
            }
        }

        Assert.True(checkedOperations > 50, $"{checkedOperations} operations");
        var research = document.GetProperty("paths").GetProperty("/research/dicomweb/studies").GetProperty("get").GetProperty("description").GetString();
        Assert.Contains($"`{AccessPolicies.ResearchRead}` ({Roles.Research})", research, StringComparison.Ordinal);
    }

    /// <summary>A route as the document writes its path: no trailing slash, no parameter constraints.</summary>
    private static string DocumentPath(RouteEndpoint route) =>
        "/" + Constraint().Replace(route.RoutePattern.RawText!.Trim('/'), "}");

    [GeneratedRegex(@":[^}]+\}")]
    private static partial Regex Constraint();

    private async Task<JsonElement> DocumentAsync() =>
        JsonDocument.Parse(await api.CreateClient().GetStringAsync("/docs/v1/openapi.json")).RootElement.Clone();
}
