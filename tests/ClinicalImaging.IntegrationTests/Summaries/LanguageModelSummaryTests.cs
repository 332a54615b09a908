using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Dicom;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Ingest;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Summaries;

/// <summary>The API configured with a language model that is the local fake, with a short timeout.</summary>
public sealed class LanguageModelApiFactory : ApiFactory
{
    public FakeLanguageModelServer Model { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Summaries:LanguageModel:Provider"] = "anthropic",
        ["Summaries:LanguageModel:BaseUrl"] = Model.Address.ToString(),
        ["Summaries:LanguageModel:ApiKey"] = "test-api-key",
        ["Summaries:LanguageModel:Model"] = "claude-test",
        ["Summaries:LanguageModelTimeout"] = "00:00:01",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Model.DisposeAsync();
    }
}

public sealed class LanguageModelSummaryTests(LanguageModelApiFactory api) : IClassFixture<LanguageModelApiFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task The_model_writes_the_summary_from_a_deidentified_analysis()
    {
        api.Model.Answer = new("Axial CT of the chest, 128 by 128 pixels.", StatusCodes.Status200OK, TimeSpan.Zero);
        api.Model.Requests.Clear();
        using var client = api.CreateClientFor(Roles.Radiologist);
        var file = IngestFiles.CtSmallWith(ds => ds.Set(DicomTags.InstitutionName, "Saint Recognisable Hospital"));
        using var original = DicomFile.Open(IngestFiles.CtSmall);

        var summary = await Summarise(client, file);

        Assert.Equal("Axial CT of the chest, 128 by 128 pixels.", summary.GetProperty("text").GetString());
        Assert.Equal("anthropic:claude-test", summary.GetProperty("writer").GetString());
        var request = Assert.Single(api.Model.Requests);
        Assert.Equal("test-api-key", request.ApiKey);
        Assert.Equal("2023-06-01", request.ApiVersion);
        Assert.Equal("claude-test", request.Body.GetProperty("model").GetString());
        var prompt = request.Body.GetRawText();
        foreach (var identifying in new[]
                 {
                     original.Dataset.GetString(DicomTags.PatientName)!, original.Dataset.GetString(DicomTags.PatientID)!,
                     original.Dataset.GetString(DicomTags.StudyInstanceUID)!, "Saint Recognisable Hospital", "studyDate",
                 })
        {
            Assert.DoesNotContain(identifying, prompt, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(529, 0, "HTTP 529 (overloaded_error)")]
    [InlineData(StatusCodes.Status200OK, 3, "did not answer within 1 s")]
    public async Task A_failing_or_slow_model_falls_back_to_the_local_summary_and_says_why(int status, int delaySeconds, string reason)
    {
        api.Model.Answer = new("too late", status, TimeSpan.FromSeconds(delaySeconds));
        using var client = api.CreateClientFor(Roles.Radiologist);

        var summary = await Summarise(client, await File.ReadAllBytesAsync(IngestFiles.CtSmall));

        Assert.Equal("local", summary.GetProperty("writer").GetString());
        Assert.StartsWith("CT (computed tomography) image", summary.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(reason, summary.GetProperty("fallbackReason").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> Summarise(HttpClient client, byte[] file)
    {
        var response = await client.PostAsync("/api/v1/dicom/summarize", DicomToolTests.DicomBody(file));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }
}
