using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Api.Endpoints;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Ingest;
using ClinicalImaging.IntegrationTests.Security;
using ClinicalImaging.IntegrationTests.Telemetry;
using ClinicalImaging.Testing.Inference;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Inference;

/// <summary>
/// /api/v1/inference through the real host, the demo models and ONNX Runtime: results against the models' torch
/// golden outputs and the samples' planted lesions, errors, access, audit and metrics.
/// </summary>
public sealed class InferenceApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _ai = api.CreateClientFor(Roles.AiService);

    [Fact]
    public async Task Models_lists_every_demo_model_as_its_manifest_describes_it()
    {
        var models = await _ai.GetFromJsonAsync<JsonElement[]>("/api/v1/inference/models");
        var available = await _ai.GetFromJsonAsync<JsonElement[]>("/api/v1/inference/models/available");

        Assert.Equal(models!.Select(m => m.GetRawText()), available!.Select(m => m.GetRawText()));
        foreach (var id in new[] { DemoModelSamples.ChestModel, DemoModelSamples.HeadCtModel })
        {
            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(DemoModelSamples.ModelsDirectory, id, "manifest.json")))!;
            var model = Assert.Single(models!, m => m.GetProperty("id").GetString() == id);
            Assert.Equal((string)manifest["version"]!, model.GetProperty("version").GetString());
            Assert.Equal(Strings(manifest["labels"]!), model.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!));
            Assert.Equal(Strings(manifest["modalities"]!), model.GetProperty("modalities").EnumerateArray().Select(l => l.GetString()!));
            Assert.Equal(Strings(manifest["body_parts"]!), model.GetProperty("bodyParts").EnumerateArray().Select(l => l.GetString()!));
            Assert.Contains("GradCam", model.GetProperty("camMethods").EnumerateArray().Select(m => m.GetString()));
            Assert.True(model.GetProperty("supportsMcDropout").GetBoolean());
        }
    }

    [Fact]
    public async Task An_uploaded_file_gets_the_torch_golden_probabilities_a_CAM_on_the_planted_lesion_and_both_PNGs()
    {
        var sample = DemoModelSamples.ChestNodule;
        using var response = await _ai.PostAsync("/api/v1/inference/analyze", Upload(DemoModelSamples.Dicom(DemoModelSamples.ChestModel, sample), ("cam", "gradcam"), ("targetLabel", "nodule")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(DemoModelSamples.ChestModel, result.GetProperty("modelId").GetString());
        DemoModelSamples.AssertGoldenProbabilities(DemoModelSamples.ChestModel, sample, Findings(result));
        var findings = Findings(result).ToList();
        Assert.Equal(findings.Max(f => f.Probability), result.GetProperty("topFinding").GetProperty("probability").GetSingle());

        var image = result.GetProperty("image");
        int rows = image.GetProperty("rows").GetInt32(), columns = image.GetProperty("columns").GetInt32();
        Assert.Equal("sample.dcm", image.GetProperty("file").GetString());
        var explanation = result.GetProperty("explanation");
        Assert.Equal("nodule", explanation.GetProperty("targetLabel").GetString());
        Assert.Equal((columns, rows), PngSize(explanation.GetProperty("heatmapPng").GetBytesFromBase64()));
        Assert.Equal((columns, rows), PngSize(explanation.GetProperty("overlayPng").GetBytesFromBase64()));
        var peak = explanation.GetProperty("regions")[0];
        var lesion = PlantedBox(DemoModelSamples.ChestModel, sample);
        var cell = 8 * Math.Max(rows, columns) / 128.0; // 8 input pixels (two feature cells at stride 4) in image pixels
        Assert.InRange(peak.GetProperty("peakX").GetInt32(), lesion[0] - cell, lesion[2] + cell);
        Assert.InRange(peak.GetProperty("peakY").GetInt32(), lesion[1] - cell, lesion[3] + cell);
        Assert.True(result.GetProperty("timings").GetProperty("totalMs").GetDouble() > 0);
    }

    [Fact]
    public async Task A_stored_instance_is_analysed_with_ensemble_and_uncertainty_and_the_read_is_audited()
    {
        var instanceId = await StoreAsync(DemoModelSamples.HeadCtModel, DemoModelSamples.HeadCtHemorrhage);

        using var response = await _ai.PostAsJsonAsync("/api/v1/inference/analyze", new { instanceId, model = "auto", cam = "none", ensemble = true, uncertaintySamples = 12 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(instanceId, result.GetProperty("image").GetProperty("instanceId").GetGuid());
        Assert.Equal(DemoModelSamples.HeadCtModel, result.GetProperty("modelId").GetString());
        DemoModelSamples.AssertGoldenProbabilities(DemoModelSamples.HeadCtModel, DemoModelSamples.HeadCtHemorrhage, Findings(result));
        Assert.Equal(JsonValueKind.Null, result.TryGetProperty("explanation", out var explanation) ? explanation.ValueKind : JsonValueKind.Null);
        Assert.Equal([DemoModelSamples.HeadCtModel], result.GetProperty("ensemble").GetProperty("modelIds").EnumerateArray().Select(m => m.GetString()));
        var uncertainty = result.GetProperty("uncertainty");
        Assert.Equal(12, uncertainty.GetProperty("samples").GetInt32());
        Assert.All(uncertainty.GetProperty("mutualInformation").EnumerateArray(), v => Assert.True(v.GetSingle() >= 0));

        var audit = await Database.QueryAsync(
            api.ConnectionString, "SELECT actor_id, outcome FROM audit_events WHERE action = 'inference.analyze' AND $1 = ANY(resource_ids)", instanceId.ToString());
        var record = Assert.Single(audit);
        Assert.Equal($"user-{Roles.AiService}", record[0]);
        Assert.Equal("Success", record[1]);
    }

    [Fact]
    public async Task A_batch_scores_stored_instances_in_order_choosing_each_ones_model()
    {
        var ct = await StoreAsync(DemoModelSamples.HeadCtModel, DemoModelSamples.HeadCtHemorrhage);
        var chest = await StoreAsync(DemoModelSamples.ChestModel, DemoModelSamples.ChestEffusion);

        using var response = await _ai.PostAsJsonAsync("/api/v1/inference/batch", new { instanceIds = new[] { ct, chest } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([ct, chest], results.Select(r => r.GetProperty("image").GetProperty("instanceId").GetGuid()));
        Assert.Equal([DemoModelSamples.HeadCtModel, DemoModelSamples.ChestModel], results.Select(r => r.GetProperty("modelId").GetString()));
        DemoModelSamples.AssertGoldenProbabilities(DemoModelSamples.HeadCtModel, DemoModelSamples.HeadCtHemorrhage, Findings(results[0]));
        DemoModelSamples.AssertGoldenProbabilities(DemoModelSamples.ChestModel, DemoModelSamples.ChestEffusion, Findings(results[1]));
    }

    [Fact]
    public async Task An_analysis_through_the_API_is_counted_in_the_inference_metrics()
    {
        var before = await CountAsync(DemoModelSamples.ChestModel);

        using var response = await _ai.PostAsync("/api/v1/inference/analyze", Upload(DemoModelSamples.Dicom(DemoModelSamples.ChestModel, DemoModelSamples.ChestEffusion), ("cam", "none")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await CountAsync(DemoModelSamples.ChestModel) >= before + 1);
    }

    [Theory]
    [InlineData("CT", "HEAD", "cxr-findings-demo", HttpStatusCode.UnprocessableEntity, "serves CR/DX images")]
    [InlineData("MR", "KNEE", "auto", HttpStatusCode.UnprocessableEntity, "No model serves modality 'MR'")]
    [InlineData(null, null, "no-such-model", HttpStatusCode.UnprocessableEntity, "No model 'no-such-model'")]
    [InlineData(null, null, "auto;drop", HttpStatusCode.BadRequest, "the model must be 'auto' or a model id")]
    public async Task Models_that_cannot_serve_the_image_are_refused_with_the_reason(string? modality, string? bodyPart, string model, HttpStatusCode status, string message)
    {
        var file = DemoModelSamples.Dicom(DemoModelSamples.HeadCtModel, DemoModelSamples.HeadCtHemorrhage, modality, bodyPart);

        using var response = await _ai.PostAsync("/api/v1/inference/analyze", Upload(file, ("model", model)));

        await AssertProblemAsync(response, status, message);
    }

    [Fact]
    public async Task Files_without_a_grayscale_image_or_not_DICOM_at_all_are_refused_naming_the_file()
    {
        using var report = await _ai.PostAsync("/api/v1/inference/analyze", Upload(await File.ReadAllBytesAsync(Path.Combine(Pydicom.TestFiles, "rtplan.dcm"))));
        using var colour = await _ai.PostAsync("/api/v1/inference/analyze", Upload(await File.ReadAllBytesAsync(Path.Combine(Pydicom.TestFiles, "SC_rgb_rle.dcm"))));
        using var text = await _ai.PostAsync("/api/v1/inference/analyze", Upload("not a DICOM file at all, just text"u8.ToArray()));

        await AssertProblemAsync(report, HttpStatusCode.UnprocessableEntity, "sample.dcm: The object has no usable image");
        await AssertProblemAsync(colour, HttpStatusCode.UnprocessableEntity, "models take MONOCHROME1 or MONOCHROME2 images");
        await AssertProblemAsync(text, HttpStatusCode.BadRequest, "sample.dcm is not a readable DICOM object");
    }

    [Fact]
    public async Task Malformed_requests_say_what_to_send()
    {
        using var noInstance = await _ai.PostAsJsonAsync("/api/v1/inference/analyze", new { model = "auto" });
        using var unknownInstance = await _ai.PostAsJsonAsync("/api/v1/inference/analyze", new { instanceId = Guid.NewGuid() });
        using var plain = await _ai.PostAsync("/api/v1/inference/analyze", new StringContent("hello"));
        using var unknownCam = await _ai.PostAsync("/api/v1/inference/analyze", Upload([1, 2, 3], ("cam", "saliency")));
        using var labelWithoutCam = await _ai.PostAsJsonAsync("/api/v1/inference/analyze", new { instanceId = Guid.NewGuid(), cam = "none", targetLabel = "nodule" });
        using var badJson = await _ai.PostAsync("/api/v1/inference/analyze", new StringContent("{\"instanceId\": ", null, "application/json"));
        using var emptyBatch = await _ai.PostAsJsonAsync("/api/v1/inference/batch", new { instanceIds = Array.Empty<Guid>() });
        using var noFile = await _ai.PostAsync("/api/v1/inference/analyze", new MultipartFormDataContent { { new StringContent("auto"), "model" } });
        using var truncated = new StringContent("--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.dcm\"\r\n\r\nDICM");
        truncated.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=abc");
        using var brokenForm = await _ai.PostAsync("/api/v1/inference/analyze", truncated);

        await AssertProblemAsync(noInstance, HttpStatusCode.BadRequest, "give the stored instance's id");
        await AssertProblemAsync(unknownInstance, HttpStatusCode.NotFound, "was not found");
        await AssertProblemAsync(plain, HttpStatusCode.UnsupportedMediaType, "multipart/form-data with one DICOM file");
        await AssertProblemAsync(unknownCam, HttpStatusCode.BadRequest, "unknown CAM method 'saliency'; use one of gradcam, gradcam++");
        await AssertProblemAsync(labelWithoutCam, HttpStatusCode.BadRequest, "a target label needs a CAM method");
        await AssertProblemAsync(badJson, HttpStatusCode.BadRequest, "the JSON body is malformed");
        await AssertProblemAsync(emptyBatch, HttpStatusCode.BadRequest, "give at least one instance id");
        await AssertProblemAsync(noFile, HttpStatusCode.BadRequest, "send exactly one DICOM file per request (got 0)");
        await AssertProblemAsync(brokenForm, HttpStatusCode.BadRequest, "the multipart body cannot be read");
    }

    [Theory]
    [InlineData(Roles.Radiologist, HttpStatusCode.OK)]
    [InlineData(Roles.Admin, HttpStatusCode.OK)]
    [InlineData(Roles.Technologist, HttpStatusCode.Forbidden)]
    [InlineData(Roles.ReferringClinician, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Research, HttpStatusCode.Forbidden)]
    public async Task Only_the_inference_run_roles_may_run_models(string role, HttpStatusCode expected)
    {
        using var response = await api.CreateClientFor(role).GetAsync("/api/v1/inference/models");

        Assert.Equal(expected, response.StatusCode);
    }

    private async Task<Guid> StoreAsync(string modelId, string sample)
    {
        var technologist = api.CreateClientFor(Roles.Technologist);
        using var response = await technologist.PostAsync("/api/v1/images/upload", Upload(DemoModelSamples.Dicom(modelId, sample), fieldName: "files"));
        var body = await response.Content.ReadFromJsonAsync<UploadResponse>(DicomWeb.StowRsTests.JsonOptions);
        return Assert.Single(body!.Files).InstanceId!.Value;
    }

    private async Task<double> CountAsync(string modelId)
    {
        var scrape = Exposition.Parse(await api.CreateClientFor(Roles.Admin).GetStringAsync("/metrics"));
        return scrape.Find("ml_inferences_total", ("model", modelId), ("outcome", "success"))?.Value ?? 0;
    }

    private static MultipartFormDataContent Upload(byte[] file, params (string Name, string Value)[] fields) => Upload(file, "file", fields);

    private static MultipartFormDataContent Upload(byte[] file, string fieldName, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        form.Add(content, fieldName, "sample.dcm");
        return form;
    }

    private static IEnumerable<(string Label, float Probability)> Findings(JsonElement result) =>
        result.GetProperty("findings").EnumerateArray().Select(f => (f.GetProperty("label").GetString()!, f.GetProperty("probability").GetSingle()));

    private static int[] PlantedBox(string modelId, string sample) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(DemoModelSamples.ModelsDirectory, modelId, "samples", sample + ".json")))!["boxes"]![0]!["box"]!
            .AsArray().Select(v => (int)v!).ToArray();

    private static IEnumerable<string> Strings(JsonNode array) => array.AsArray().Select(v => (string)v!);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static (int Width, int Height) PngSize(byte[] png) =>
        (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
}
