using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Api.Endpoints;
using ClinicalImaging.Application.Orders;
using ClinicalImaging.Dicom;
using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Infrastructure.Persistence;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.DicomWeb;
using ClinicalImaging.IntegrationTests.Ingest;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Workflow;

/// <summary>The steps a workflow test takes through the real API (and, for AI results, the jobs schema the worker writes).</summary>
internal static class WorkflowApi
{
    /// <summary>The issuer of patient IDs of the orders placed here: images must carry it too to start an order.</summary>
    public const string Issuer = "HOSPITAL-A";

    public static JsonSerializerOptions Json => StowRsTests.JsonOptions;

    public static Task<OrderView> ScheduleAsync(HttpClient technologist, string patientId, string? accessionNumber = null, string? orderId = null) =>
        ScheduleAsync(technologist, OrderBody(patientId, accessionNumber, orderId));

    public static async Task<OrderView> ScheduleAsync(HttpClient technologist, object orderBody)
    {
        using var response = await technologist.PostAsJsonAsync("/api/v1/imaging/studies", orderBody);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OrderView>(Json))!;
    }

    /// <summary>An order of <see cref="Issuer"/>; by default an urgent CT of the chest.</summary>
    public static object OrderBody(
        string patientId, string? accessionNumber = null, string? orderId = null,
        string modality = "CT", string bodyPart = "CHEST", string description = "CT chest without contrast", string priority = "Urgent") => new
    {
        patient = new { patientId, issuerOfPatientId = Issuer, patientName = "Testpatient^Carol", birthDate = "1970-03-04", sex = "F" },
        orderId = orderId ?? $"ORD-{Guid.NewGuid():N}"[..20],
        accessionNumber,
        modality,
        bodyPart,
        description,
        indication = "Persistent cough",
        priority,
        scheduledAt = "2026-11-22T10:30:00+00:00",
        performingFacility = "General Hospital",
    };

    /// <summary>Uploads a copy of pydicom's CT_small.dcm as a new study with the accession number and patient given; returns the image's id.</summary>
    public static async Task<Guid> UploadImageAsync(HttpClient technologist, string accessionNumber, string patientId, string issuer = Issuer, string? studyUid = null)
    {
        var bytes = IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.StudyInstanceUID, studyUid ?? IngestFiles.NewUid());
            ds.Set(DicomTags.SeriesInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.AccessionNumber, accessionNumber);
            ds.Set(DicomTags.PatientID, patientId);
            ds.Set(DicomTags.IssuerOfPatientID, issuer);
        });
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "files", "ct.dcm" } };
        using var response = await technologist.PostAsync("/api/v1/images/upload", form);
        var body = (await response.Content.ReadFromJsonAsync<UploadResponse>(Json))!;
        Assert.Equal(1, body.Stored);
        return body.Files[0].InstanceId!.Value;
    }

    /// <summary>An AI result on the image, as the inference worker stores it.</summary>
    public static async Task<Guid> SeedInferenceResultAsync(
        ApiFactory api, Guid instanceId, TriagePriority priority, DateTimeOffset completedAt, params string[] positiveLabels)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicalImagingDbContext>();
        var studyKey = await db.Instances.Where(i => i.Id == instanceId).Join(db.Series, i => i.SeriesKey, s => s.Id, (i, s) => s.StudyKey).SingleAsync();
        string[] labels = ["nodule", "effusion", "pneumothorax"];
        var result = InferenceResult.Record(
            new InferenceResultDescription(
                instanceId, studyKey, null, "chest-demo", "1.0.0", "multi-label",
                labels.Select(l => new LabelProbability(l, positiveLabels.Contains(l) ? 0.9f : 0.1f, 0.5)).ToList(),
                null, null,
                new TriageOutcome(priority, true, []),
                new InferenceTimings(completedAt.AddSeconds(-5), completedAt.AddSeconds(-2), completedAt, TimeSpan.FromSeconds(1))),
            []);
        result.TouchWithFindings(completedAt);
        db.InferenceResults.Add(result);
        await db.SaveChangesAsync();
        return result.Id;
    }

    public static async Task<ProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemDetails>(Json))!;
    }

    public static string? Reason(this ProblemDetails problem) =>
        problem.Extensions.TryGetValue("reason", out var reason) ? reason?.ToString() : null;

    public static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }
}
