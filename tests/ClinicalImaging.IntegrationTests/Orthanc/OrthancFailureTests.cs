using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Orthanc;

/// <summary>A real Orthanc with authentication, an API host that has the wrong password for it, and one pointed where nothing listens.</summary>
public sealed class OrthancFailureEnvironment : IAsyncLifetime
{
    public OrthancServer Pacs { get; private set; } = null!;

    public OrthancApiFactory WrongPassword { get; private set; } = null!;

    public OrthancApiFactory NothingListening { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Pacs = await OrthancServer.StartAsync("ARCHIVE_PACS", (OrthancEnvironment.User, OrthancEnvironment.Password));
        WrongPassword = new OrthancApiFactory(OrthancApiFactory.SettingsFor(Pacs.BaseUrl, OrthancEnvironment.User, "not-the-password"));
        NothingListening = new OrthancApiFactory(OrthancApiFactory.SettingsFor(
            new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/"), OrthancEnvironment.User, OrthancEnvironment.Password));
        await WrongPassword.InitializeAsync();
        await NothingListening.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        // Null when start-up failed part way.
        foreach (var api in new[] { WrongPassword, NothingListening }.Where(a => a is not null))
        {
            await ((IAsyncLifetime)api).DisposeAsync();
        }

        if (Pacs is not null)
        {
            await Pacs.DisposeAsync();
        }
    }
}

/// <summary>Orthanc failing us becomes a problem response naming Orthanc (502 or 503), never a 500 or a stack trace.</summary>
public sealed class OrthancFailureTests(OrthancFailureEnvironment env) : IClassFixture<OrthancFailureEnvironment>
{
    [Fact]
    public async Task Refused_credentials_answer_502_naming_Orthanc_and_the_settings_to_fix()
    {
        using var response = await env.WrongPassword.CreateClientFor(Roles.Radiologist).GetAsync("/api/v1/orthanc/status");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("PACS error", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains($"Orthanc at {env.Pacs.BaseUrl}", detail, StringComparison.Ordinal);
        Assert.Contains("HTTP 401", detail, StringComparison.Ordinal);
        Assert.Contains("Orthanc:Password", detail, StringComparison.Ordinal);
        // A refusal is an answer: it is not retried.
        Assert.DoesNotContain(env.WrongPassword.Logs.Entries, e => e.Contains("retrying", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Orthanc_not_listening_answers_503_naming_Orthanc_after_retrying_the_idempotent_call()
    {
        using var response = await env.NothingListening.CreateClientFor(Roles.Radiologist).GetAsync("/api/v1/orthanc/status");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("PACS unavailable", problem.GetProperty("title").GetString());
        Assert.Contains("cannot be reached for the status request", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Three retries (the default) of GET /system, each logged.
        Assert.Equal(3, env.NothingListening.Logs.Entries.Count(e => e.Contains("Orthanc GET /system attempt", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_CMove_is_sent_once_even_when_Orthanc_cannot_be_reached()
    {
        using var response = await env.NothingListening.CreateClientFor(Roles.Technologist)
            .PostAsync($"/api/v1/orthanc/studies/{Ingest.IngestFiles.NewUid()}/retrieve?modality=remote", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("the C-MOVE from modality 'remote'", (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(env.NothingListening.Logs.Entries, e => e.Contains("/move attempt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anonymize_and_modify_are_sent_once_even_when_Orthanc_cannot_be_reached()
    {
        const string study = "0a1b2c3d-0a1b2c3d-0a1b2c3d-0a1b2c3d-0a1b2c3d";
        var client = env.NothingListening.CreateClientFor(Roles.Technologist);

        using var anonymize = await client.PostAsync($"/api/v1/orthanc/studies/{study}/anonymize", null);
        using var modify = await client.PostAsJsonAsync($"/api/v1/orthanc/studies/{study}/modify", new { replace = new Dictionary<string, string> { ["StudyDescription"] = "x" } });

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (anonymize.StatusCode, modify.StatusCode));
        Assert.Contains("the study anonymization", (await ProblemAsync(anonymize)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("the study modification", (await ProblemAsync(modify)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(env.NothingListening.Logs.Entries, e => e.Contains("/anonymize attempt", StringComparison.Ordinal) || e.Contains("/modify attempt", StringComparison.Ordinal));
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
