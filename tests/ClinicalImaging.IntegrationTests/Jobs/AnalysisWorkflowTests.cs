using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Ingest;
using ClinicalImaging.IntegrationTests.Security;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Jobs;

/// <summary>
/// Ingest to findings through the real host in the <c>all</c> role: an upload queues the routed model in the same
/// transaction, the in-process worker runs the real ONNX model, and radiologists read the result over HTTP.
/// </summary>
public sealed class AnalysisWorkflowTests(AnalysisWorkflowTests.WorkerHost api) : IClassFixture<AnalysisWorkflowTests.WorkerHost>
{
    private const string Sample = "cxr-pneumothorax-nodule";

    [Fact]
    public async Task An_ingested_radiograph_is_analysed_once_and_its_findings_triaged_as_configured()
    {
        var studyUid = IngestFiles.NewUid();
        await UploadAsync(AnalysisInstances.ChestRadiograph(Sample, studyUid));

        var study = await WaitForResultsAsync(studyUid);

        // Oracle: the engine on the sample's raw pixels, bypassing DICOM, the blob store and the queue.
        var engine = api.Services.GetRequiredService<IInferenceEngine>();
        var expected = await engine.AnalyzeAsync(new InferenceRequest(AnalysisInstances.ChestSampleImage(Sample), AnalysisInstances.ChestModel), default);
        var result = Assert.Single(study.GetProperty("results").EnumerateArray());
        Assert.Equal(AnalysisInstances.ChestModel, result.GetProperty("modelId").GetString());
        var stored = result.GetProperty("probabilities").EnumerateArray()
            .ToDictionary(p => p.GetProperty("label").GetString()!, p => p.GetProperty("probability").GetSingle());
        Assert.All(expected.Findings, f => Assert.Equal(f.Probability, stored[f.Label], 5));

        // Triage as configured below: pneumothorax ≥ 0.5 is critical; other positive labels are routine.
        var positive = expected.Findings.Where(f => f.IsPositive && f.Label != "normal").ToList();
        Assert.NotEmpty(positive);
        var findings = result.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(positive.Select(f => f.Label).Order(), findings.Select(f => f.GetProperty("label").GetString()).Order());
        foreach (var finding in findings)
        {
            var label = finding.GetProperty("label").GetString()!;
            var severity = label == "pneumothorax" && stored[label] >= 0.5 ? "Critical" : "Routine";
            Assert.Equal(severity, finding.GetProperty("severity").GetString());
            Assert.Contains("of the image (columns ", finding.GetProperty("locationDescription").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("Radiologist review recommended", finding.GetProperty("recommendation").GetString()!.Replace("Immediate radiologist", "Radiologist", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        var highest = findings.Any(f => f.GetProperty("severity").GetString() == "Critical") ? "Critical" : "Routine";
        Assert.Equal(highest, result.GetProperty("priority").GetString());
        Assert.Equal(highest, study.GetProperty("triage").GetProperty("priority").GetString());
        Assert.Equal(20, result.GetProperty("uncertainty").GetProperty("samples").GetInt32());
        Assert.Equal("GradCam", result.GetProperty("camMethod").GetString());

        var radiologist = api.CreateClientFor(Roles.Radiologist);
        var resultId = result.GetProperty("id").GetString();
        foreach (var image in new[] { "heatmap", "overlay" })
        {
            using var png = await radiologist.GetAsync($"/api/v1/inference-results/{resultId}/{image}");
            Assert.Equal(HttpStatusCode.OK, png.StatusCode);
            Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await png.Content.ReadAsByteArrayAsync())[..4]);
        }

        var job = await api.CreateClientFor(Roles.AiService).GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{result.GetProperty("jobId").GetString()}");
        Assert.Equal(("Succeeded", 1), (job.GetProperty("status").GetString(), job.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task Asking_again_for_an_analysis_that_ran_finds_its_job_and_only_ai_services_and_admins_may_ask()
    {
        var studyUid = IngestFiles.NewUid();
        await UploadAsync(AnalysisInstances.ChestRadiograph("cxr-normal", studyUid));
        var study = await WaitForResultsAsync(studyUid);
        var jobId = Assert.Single(study.GetProperty("results").EnumerateArray()).GetProperty("jobId").GetString();

        using var again = await api.CreateClientFor(Roles.AiService).PostAsJsonAsync($"/api/v1/imaging/analyze/{studyUid}", new { models = new[] { AnalysisInstances.ChestModel } });
        using var byRadiologist = await api.CreateClientFor(Roles.Radiologist).PostAsJsonAsync($"/api/v1/imaging/analyze/{studyUid}", new { });
        using var unknownModel = await api.CreateClientFor(Roles.Admin).PostAsJsonAsync($"/api/v1/imaging/analyze/{studyUid}", new { models = new[] { "no-such-model" } });
        using var unknownStudy = await api.CreateClientFor(Roles.Admin).PostAsJsonAsync($"/api/v1/imaging/analyze/{IngestFiles.NewUid()}", new { });

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var queued = Assert.Single((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobs").EnumerateArray());
        Assert.Equal((jobId, "Succeeded"), (queued.GetProperty("jobId").GetString(), queued.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, byRadiologist.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownModel.StatusCode);
        Assert.Contains("No model 'no-such-model' is installed", await unknownModel.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownStudy.StatusCode);
        var results = await Database.QueryAsync(api.ConnectionString,
            "SELECT count(*) FROM inference_results r JOIN studies s ON s.id = r.study_key WHERE s.study_instance_uid = $1", studyUid);
        Assert.Equal(1L, results[0][0]);
    }

    [Fact]
    public async Task A_priority_override_needs_a_reason_wins_over_the_computed_priority_and_is_audited()
    {
        var studyUid = IngestFiles.NewUid();
        await UploadAsync(AnalysisInstances.ChestRadiograph(Sample, studyUid));
        var computed = (await WaitForResultsAsync(studyUid)).GetProperty("triage").GetProperty("computedPriority").GetString();
        var radiologist = api.CreateClientFor("dr-override", Roles.Radiologist);

        using var withoutReason = await radiologist.PutAsJsonAsync($"/api/v1/studies/{studyUid}/priority", new { priority = "normal", reason = " " });
        using var byAiService = await api.CreateClientFor(Roles.AiService).PutAsJsonAsync($"/api/v1/studies/{studyUid}/priority", new { priority = "normal", reason = "x" });
        using var overridden = await radiologist.PutAsJsonAsync($"/api/v1/studies/{studyUid}/priority", new { priority = "normal", reason = "Artefact: line mistaken for pneumothorax" });

        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byAiService.StatusCode);
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        var triage = (await api.CreateClientFor(Roles.Radiologist).GetFromJsonAsync<JsonElement>($"/api/v1/studies/{studyUid}/inference-results")).GetProperty("triage");
        Assert.Equal(("Normal", computed), (triage.GetProperty("priority").GetString(), triage.GetProperty("computedPriority").GetString()));
        Assert.Equal(("Artefact: line mistaken for pneumothorax", "dr-override"), (triage.GetProperty("overrideReason").GetString(), triage.GetProperty("overriddenBy").GetString()));
        var audit = await Database.QueryAsync(api.ConnectionString,
            "SELECT actor_id, outcome FROM audit_events WHERE action = 'study.priority.override' AND $1 = ANY(resource_ids) ORDER BY id", studyUid);
        Assert.Equal([["dr-override", "Success"]], audit.Select(row => row.Select(v => (string)v!).ToArray()));
    }

    private async Task UploadAsync(byte[] dicom)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(dicom), "files", "image.dcm" } };
        using var response = await api.CreateClientFor(Roles.Technologist).PostAsync("/api/v1/images/upload", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonElement> WaitForResultsAsync(string studyUid)
    {
        var client = api.CreateClientFor(Roles.Radiologist);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var study = await client.GetFromJsonAsync<JsonElement>($"/api/v1/studies/{studyUid}/inference-results", timeout.Token);
            if (study.GetProperty("results").GetArrayLength() > 0)
            {
                return study;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>The API and a job worker in one process, with the triage rules of docs/workflow.md's example.</summary>
    public sealed class WorkerHost : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Host:Role"] = "all",
            ["Jobs:Worker:PollInterval"] = "00:00:00.100",
            ["Triage:Rules:0:Label"] = "pneumothorax",
            ["Triage:Rules:0:MinProbability"] = "0.5",
            ["Triage:Rules:0:Priority"] = "critical",
            // One model per radiograph, one job each: by their manifests both chest demo models would run.
            ["Inference:Routing:Rules:0:Modality"] = "CR",
            ["Inference:Routing:Rules:0:Models:0"] = AnalysisInstances.ChestModel,
        };
    }
}
