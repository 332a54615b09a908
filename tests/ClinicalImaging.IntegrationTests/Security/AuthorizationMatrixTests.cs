using System.Net;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.IntegrationTests.Api;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

/// <summary>Every role against every endpoint group. The table below is the specification; the code must agree with it.</summary>
public sealed class AuthorizationMatrixTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>One representative request per endpoint group (a missing resource is fine: 404 still means "let in").</summary>
    private static readonly Dictionary<string, (HttpMethod Method, string Path)> Groups = new()
    {
        ["studies"] = (HttpMethod.Get, "/api/v1/studies/1.2.3.4"),
        ["instances"] = (HttpMethod.Get, "/api/v1/instances/by-attribute?tag=00080060&value=CT"),
        ["audit"] = (HttpMethod.Get, "/api/v1/audit"),
        ["api-keys"] = (HttpMethod.Get, "/api/v1/admin/api-keys"),
        ["api-key-revoke"] = (HttpMethod.Delete, $"/api/v1/admin/api-keys/{Guid.Empty}"),
        ["dicomweb-search"] = (HttpMethod.Get, "/dicomweb/studies?ModalitiesInStudy=CT"),
        ["dicomweb-metadata"] = (HttpMethod.Get, "/dicomweb/studies/1.2.3.4/metadata"),
        ["dicomweb-retrieve"] = (HttpMethod.Get, "/dicomweb/studies/1.2.3.4"),
        ["research-dicomweb"] = (HttpMethod.Get, "/research/dicomweb/studies?ModalitiesInStudy=CT"),
        ["research-metadata"] = (HttpMethod.Get, "/research/dicomweb/studies/2.25.1/metadata"),
        ["research-studies"] = (HttpMethod.Get, "/api/v1/research/studies"),
        ["study-reconcile"] = (HttpMethod.Post, "/api/v1/studies/1.2.3.4/reconcile"),
    };

    /// <summary>
    /// Who may enter which group. Research sees de-identified data only: its own routes (through the de-identifier)
    /// admit it, and nothing else does; its routes admit nobody else.
    /// </summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        [Roles.Admin] = ["studies", "instances", "audit", "api-keys", "api-key-revoke", "dicomweb-search", "dicomweb-metadata", "dicomweb-retrieve", "study-reconcile"],
        [Roles.Radiologist] = ["studies", "instances", "dicomweb-search", "dicomweb-metadata", "dicomweb-retrieve"],
        [Roles.Technologist] = ["studies", "instances", "dicomweb-search", "dicomweb-metadata", "dicomweb-retrieve", "study-reconcile"],
        [Roles.ReferringClinician] = ["studies", "instances", "dicomweb-search", "dicomweb-metadata", "dicomweb-retrieve"],
        [Roles.AiService] = ["instances", "dicomweb-search", "dicomweb-metadata"],
        [Roles.Auditor] = ["audit"],
        [Roles.Research] = ["research-dicomweb", "research-metadata", "research-studies"],
        ["no-known-role"] = [],
    };

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var role in Allowed.Keys)
        {
            foreach (var group in Groups.Keys)
            {
                cases.Add(role, group);
            }
        }

        return cases;
    }

    [Fact]
    public void The_matrix_covers_every_role()
    {
        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), Allowed.Keys.Where(Roles.All.Contains).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Role_gets_exactly_the_access_the_matrix_grants(string role, string group)
    {
        var (method, path) = Groups[group];
        using var request = new HttpRequestMessage(method, path);

        var response = await api.CreateClientFor(role).SendAsync(request);

        if (Allowed[role].Contains(group))
        {
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{role} {group}: {response.StatusCode}");
            Assert.True((int)response.StatusCode < 500, $"{role} {group}: {response.StatusCode}");
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
