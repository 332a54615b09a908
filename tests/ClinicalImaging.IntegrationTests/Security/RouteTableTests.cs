using System.Net;
using System.Text.RegularExpressions;
using ClinicalImaging.Api.Security;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.IntegrationTests.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

/// <summary>The whole route table, walked: no route is born without an access decision.</summary>
public sealed partial class RouteTableTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>The only routes anyone may call without credentials (/docs is Swagger UI's middleware, not a route).</summary>
    private static readonly HashSet<string> AnonymousRoutes = ["/health", "/ready", "/metrics"];

    [Fact]
    public void Every_route_names_a_known_policy_or_is_one_of_the_anonymous_routes()
    {
        var routes = Routes();

        Assert.NotEmpty(routes);
        Assert.All(routes, route =>
        {
            var policies = route.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (route.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                Assert.True(AnonymousRoutes.Contains(Path(route)) || Path(route).StartsWith("/docs", StringComparison.Ordinal), $"{Path(route)} is anonymous");
                Assert.True(Path(route) != "/metrics" || !api.Services.GetRequiredService<IConfiguration>().GetValue<bool>(SecurityNames.MetricsRequireAuthenticationSetting));
            }
            else
            {
                Assert.True(policies.Count > 0, $"{Path(route)} has no explicit policy");
                Assert.All(policies, p => Assert.True(p is not null && AccessPolicies.ByName.ContainsKey(p), $"{Path(route)}: policy '{p}'"));
            }
        });
    }

    [Fact]
    public async Task Without_credentials_every_route_but_the_anonymous_ones_answers_401_problem()
    {
        var client = api.CreateClient();
        foreach (var route in Routes().Where(r => r.Metadata.GetMetadata<IAllowAnonymous>() is null))
        {
            foreach (var method in route.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), Sample(Path(route)));
                var response = await client.SendAsync(request);

                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {Path(route)}: {response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
            }
        }
    }

    [Fact]
    public async Task A_research_token_is_refused_every_route_but_the_de_identified_ones()
    {
        var client = api.CreateClientFor(Roles.Research);
        var researchRoutes = 0;
        foreach (var route in Routes().Where(r => r.Metadata.GetMetadata<IAllowAnonymous>() is null))
        {
            var isResearch = route.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == AccessPolicies.ResearchRead);
            researchRoutes += isResearch ? 1 : 0;
            foreach (var method in route.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), Sample(Path(route)));
                var response = await client.SendAsync(request);

                Assert.True(isResearch == (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)), $"{method} {Path(route)}: {response.StatusCode}");
            }
        }

        Assert.True(researchRoutes > 0);
        Assert.Equal([Roles.Research], AccessPolicies.Get(AccessPolicies.ResearchRead).Roles);
    }

    [Fact]
    public async Task Probes_answer_without_credentials()
    {
        var client = api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/v1/openapi.json")).StatusCode);
    }

    private List<RouteEndpoint> Routes() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    private static string Path(RouteEndpoint route) => "/" + route.RoutePattern.RawText!.TrimStart('/');

    /// <summary>A concrete URL for a route template: GUIDs where the route wants one, a UID elsewhere.</summary>
    private static string Sample(string template) =>
        Parameter().Replace(template, m => m.Value switch
        {
            var guid when guid.Contains(":guid", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
            var number when number.Contains(":int", StringComparison.Ordinal) => "1",
            _ => "1.2.3",
        });

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
