using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Api.Ingest;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Testing;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Api;

public sealed class HostEndpointsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Health_answers_200_while_the_process_is_alive()
    {
        var response = await api.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public void Kestrel_gets_its_connection_buffers_from_our_pool()
    {
        Assert.IsType<LargeBlockMemoryPoolFactory>(api.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
    }

    [Fact]
    public async Task Ready_answers_200_when_the_database_is_reachable_and_migrated()
    {
        var response = await api.CreateClient().GetAsync("/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Docs_serve_Swagger_UI_and_an_OpenAPI_document_listing_the_routes()
    {
        var client = api.CreateClient();

        var ui = await client.GetAsync("/docs/index.html");
        var document = await client.GetFromJsonAsync<JsonElement>("/docs/v1/openapi.json");

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger-ui", await ui.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/studies/{studyUid}", out _));
    }

    [Fact]
    public async Task Unknown_study_is_a_404_problem_naming_the_study()
    {
        var response = await api.CreateClientFor("radiologist").GetAsync("/api/v1/studies/1.2.3.999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Study '1.2.3.999' was not found", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Malformed_UID_is_a_400_problem_that_says_what_is_wrong()
    {
        var response = await api.CreateClientFor("radiologist").GetAsync("/api/v1/studies/1.2.abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var messages = problem.GetProperty("errors").GetProperty("StudyInstanceUid").EnumerateArray().Select(e => e.GetString());
        Assert.Contains("StudyInstanceUID contains 'a' at position 5; a UID holds only digits and dots", messages);
        Assert.False(problem.TryGetProperty("exception", out _));
    }

    [Fact]
    public async Task A_registered_study_is_served_as_json_with_its_series_and_instances()
    {
        var metadata = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 4);
        await using (var host = new UseCaseHost(api.ConnectionString))
        {
            await host.RegisterAsync(metadata);
        }

        var study = await api.CreateClientFor("radiologist").GetFromJsonAsync<JsonElement>($"/api/v1/studies/{metadata.StudyInstanceUid}");

        Assert.Equal(metadata.StudyInstanceUid, study.GetProperty("studyInstanceUid").GetString());
        Assert.Equal("ACC-778812", study.GetProperty("details").GetProperty("accessionNumber").GetString());
        var instance = study.GetProperty("series")[0].GetProperty("instances")[0];
        Assert.Equal(metadata.SopInstanceUid, instance.GetProperty("sopInstanceUid").GetString());
        Assert.Equal(512, instance.GetProperty("image").GetProperty("rows").GetInt32());
    }
}
