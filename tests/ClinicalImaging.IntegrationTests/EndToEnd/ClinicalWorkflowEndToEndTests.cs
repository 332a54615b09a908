using System.Net;
using System.Net.Http.Json;
using ClinicalImaging.Api.Endpoints;
using ClinicalImaging.Application.Analysis;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Jobs;
using ClinicalImaging.Application.Orders;
using ClinicalImaging.Application.Reports;
using ClinicalImaging.Application.Reviews;
using ClinicalImaging.Dicom;
using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Jobs;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Reports;
using ClinicalImaging.Domain.Reviews;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.DicomWeb;
using ClinicalImaging.IntegrationTests.Telemetry;
using ClinicalImaging.IntegrationTests.Workflow;
using ClinicalImaging.Testing.Inference;
using Xunit;

namespace ClinicalImaging.IntegrationTests.EndToEnd;

/// <summary>
/// The clinical workflow end to end as deployed: an API process and a worker process (the API host in the api and the
/// worker role) over one PostgreSQL and one object store, the demo models with the development triage rules, and
/// every step an HTTP request with the token of the role that takes it, from the order to the signed report.
/// </summary>
public sealed class ClinicalWorkflowEndToEndTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>
    /// The three studies, in order of arrival. Expected triage, from the development rules and the models' golden
    /// outputs: hemorrhage 0.998 ≥ 0.5 is critical, pleural effusion 1.0 ≥ 0.5 urgent, and the normal radiograph finds
    /// nothing but its normal label. The critical study arrives last, so a worklist ranked by age would put it last.
    /// </summary>
    private static readonly Study[] Studies =
    [
        new(DemoModelSamples.ChestModel, "cxr-normal", "CR", "CHEST", "Chest radiograph PA", "Routine", TriagePriority.Normal,
            ReviewDecision.Agree, [], "Clear lungs."),
        new(DemoModelSamples.ChestModel, DemoModelSamples.ChestEffusion, "CR", "CHEST", "Chest radiograph PA", "Routine", TriagePriority.Urgent,
            ReviewDecision.Modify, ["pleural_effusion", "nodule"], "Also a small nodule."),
        new(DemoModelSamples.HeadCtModel, DemoModelSamples.HeadCtHemorrhage, "CT", "HEAD", "CT head without contrast", "Stat", TriagePriority.Critical,
            ReviewDecision.Agree, [], "Acute bleed."),
    ];

    [Fact]
    public async Task Three_orders_go_from_scheduled_to_reported_through_the_API_with_the_critical_study_read_first()
    {
        _ = api.Services; // the in-process host migrates the database at start, before the processes use it
        // One model per image, one result each (ingest routes; by their manifests both chest demo models would run).
        var routing = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Inference:Routing:Rules:0:Modality"] = "CR",
            ["Inference:Routing:Rules:0:Models:0"] = DemoModelSamples.ChestModel,
            ["Inference:Routing:Rules:1:Modality"] = "CT",
            ["Inference:Routing:Rules:1:Models:0"] = DemoModelSamples.HeadCtModel,
        };
        await using var server = await ApiProcess.StartAsync("api", api.ConnectionString, api.StorageRoot, routing);
        var workerSettings = new Dictionary<string, string?>(ApiProcess.DevelopmentSettings("Triage").Concat(routing), StringComparer.Ordinal)
        {
            ["Jobs:Worker:PollInterval"] = "00:00:00.100",
        };
        await using var worker = await ApiProcess.StartAsync("worker", api.ConnectionString, api.StorageRoot, workerSettings);
        using var technologist = server.CreateClientFor("tech-e2e", Roles.Technologist);
        using var aiService = server.CreateClientFor("ai-e2e", Roles.AiService);
        using var radiologist = server.CreateClientFor("dr-e2e", Roles.Radiologist);
        using var clinician = server.CreateClientFor("dr-referrer-e2e", Roles.ReferringClinician);

        // Orders, then their images: the accession number and the patient start each order.
        var orders = new List<OrderView>();
        foreach (var study in Studies)
        {
            var patientId = $"E2E-{Guid.NewGuid():N}"[..16];
            var order = await WorkflowApi.ScheduleAsync(technologist, WorkflowApi.OrderBody(
                patientId, modality: study.Modality, bodyPart: study.BodyPart, description: study.Description, priority: study.OrderPriority));
            Assert.Equal((OrderStatus.Scheduled, null), (order.Status, order.StartedAt));
            var studyUid = await StoreAsync(technologist, study, ImageFor(study, order.AccessionNumber, patientId));
            var started = await GetAsync<OrderView>(technologist, $"/api/v1/imaging/studies/{order.Id}");
            Assert.Equal((OrderStatus.InProgress, studyUid), (started.Status, started.StudyInstanceUid));
            Assert.NotNull(started.StartedAt);
            orders.Add(started);
        }

        // The worker process runs the routed model on each image; the AI service follows the results and their jobs.
        var results = new List<InferenceResultView>();
        foreach (var (study, order) in Studies.Zip(orders))
        {
            var analysed = await WaitForResultsAsync(worker, aiService, order.StudyInstanceUid!);
            var result = Assert.Single(analysed.Results);
            Assert.Equal(study.Model, result.ModelId);
            DemoModelSamples.AssertGoldenProbabilities(study.Model, study.Sample, result.Probabilities.Select(p => (p.Label, p.Probability)));
            Assert.Equal((study.Triage, study.Triage), (result.Priority, analysed.Triage!.Priority));
            var job = await GetAsync<JobView>(aiService, $"/api/v1/jobs/{result.JobId}");
            Assert.Equal((JobStatus.Succeeded, 1), (job.Status, job.Attempts));
            results.Add(result);
        }

        var hemorrhage = Assert.Single(results[2].Findings);
        Assert.Equal(("hemorrhage", TriagePriority.Critical), (hemorrhage.Label, hemorrhage.Severity));
        Assert.StartsWith("Immediate radiologist review recommended", hemorrhage.Recommendation, StringComparison.Ordinal);
        Assert.Contains(results[1].Findings, f => (f.Label, f.Severity) == ("pleural_effusion", TriagePriority.Urgent));

        // The worklist ranks by triage: critical first, though it was analysed last.
        var worklist = await GetAsync<List<WorklistItem>>(radiologist, "/api/v1/worklist");
        Assert.Equal(results.Select(r => r.Id).Reverse(), worklist.Select(w => w.InferenceResultId));
        Assert.Equal(["critical", "urgent", "normal"], worklist.Select(w => w.Priority));
        Assert.Equal(orders.Select(o => o.AccessionNumber).Reverse(), worklist.Select(w => w.AccessionNumber));
        Assert.True(worklist[0].AnalysedAt > worklist[2].AnalysedAt, "the critical study was analysed last, so its rank is the triage's");

        // The radiologist reads in worklist order: claim, then decide.
        foreach (var item in worklist)
        {
            var claimed = await WorkflowApi.OkAsync<ReviewView>(await radiologist.PostAsJsonAsync($"/api/v1/worklist/{item.InferenceResultId}/claim", new { version = item.Version }));
            Assert.Equal((ReviewStatus.InReview, "dr-e2e"), (claimed.Status, claimed.AssigneeId));
            var study = Studies[results.FindIndex(r => r.Id == item.InferenceResultId)];
            var decided = await WorkflowApi.OkAsync<ReviewView>(await radiologist.PostAsJsonAsync($"/api/v1/inference/{item.InferenceResultId}/review", new
            {
                version = claimed.Version,
                decision = study.Decision.ToString().ToLowerInvariant(),
                labels = study.CorrectedLabels,
                comments = study.Comments,
            }));
            Assert.Equal((ReviewStatus.Final, "dr-e2e"), (decided.Status, decided.ReviewedBy));
        }

        Assert.Empty(await GetAsync<List<WorklistItem>>(radiologist, "/api/v1/worklist"));

        // The technologist completes each acquisition; the radiologist drafts, completes and signs each report.
        var reports = new List<ReportView>();
        foreach (var (study, (order, result)) in Studies.Zip(orders.Zip(results)))
        {
            var completed = await WorkflowApi.OkAsync<OrderView>(await technologist.PostAsJsonAsync($"/api/v1/imaging/studies/{order.Id}/complete", new { version = order.Version }));
            Assert.Equal(OrderStatus.Completed, completed.Status);

            using var drafting = await radiologist.PostAsJsonAsync($"/api/v1/imaging/studies/{order.Id}/reports", new { });
            Assert.Equal(HttpStatusCode.Created, drafting.StatusCode);
            var draft = await WorkflowApi.OkAsync<ReportView>(drafting);
            Assert.Equal($"{study.Modality} {study.BodyPart} {study.Description}", draft.Sections.Technique);
            Assert.Equal(ExpectedFindings(study, result), draft.Sections.Findings);
            Assert.Equal(study.Triage == TriagePriority.Critical, draft.Sections.CriticalFinding);
            Assert.Null(draft.Sections.Impression);

            var edited = await WorkflowApi.OkAsync<ReportView>(await radiologist.PutAsJsonAsync($"/api/v1/reports/{draft.Id}", new
            {
                version = draft.Version,
                sections = draft.Sections with { Impression = $"Impression of {study.Sample}." },
            }));
            reports.Add(await WorkflowApi.OkAsync<ReportView>(await radiologist.PostAsJsonAsync($"/api/v1/reports/{draft.Id}/sign", new { version = edited.Version })));
        }

        // Every order is reported, each clock in order; the referring clinician reads the reports and acknowledges the critical one.
        foreach (var (order, report) in orders.Zip(reports))
        {
            var reported = await GetAsync<OrderView>(clinician, $"/api/v1/imaging/studies/{order.Id}");
            Assert.Equal((OrderStatus.Reported, report.SignedAt), (reported.Status, reported.ReportedAt));
            Assert.True(reported.StartedAt <= reported.CompletedAt && reported.CompletedAt <= reported.ReportedAt, $"{reported.StartedAt} ≤ {reported.CompletedAt} ≤ {reported.ReportedAt}");
            var read = await GetAsync<ReportView>(clinician, $"/api/v1/reports/{report.Id}");
            Assert.Equal((ReportStatus.Signed, "dr-e2e", report.Sections), (read.Status, read.SignedBy, read.Sections));
        }

        Assert.Contains("hemorrhage, confirmed by the radiologist. Acute bleed.", reports[2].Sections.Findings, StringComparison.Ordinal);
        var notification = Assert.Single(await GetAsync<List<CriticalFindingView>>(clinician, "/api/v1/critical-findings"));
        Assert.Equal((reports[2].Id, orders[2].Id, NotificationStatus.Open), (notification.ReportId, notification.OrderId, notification.Status));
        var acknowledged = await WorkflowApi.OkAsync<CriticalFindingView>(
            await clinician.PostAsJsonAsync($"/api/v1/critical-findings/{notification.Id}/acknowledge", new { version = notification.Version }));
        Assert.Equal((NotificationStatus.Acknowledged, "dr-referrer-e2e", false), (acknowledged.Status, acknowledged.AcknowledgedBy, acknowledged.Overdue));

        // The processes are this test's own, so their metrics count exactly this workflow.
        var apiMetrics = await ScrapeAsync(server);
        Assert.Equal(2, Count(apiMetrics, "report_turnaround_seconds_count", ("modality", "CR"), ("priority", "Routine")));
        Assert.Equal(1, Count(apiMetrics, "report_turnaround_seconds_count", ("modality", "CT"), ("priority", "Stat")));
        Assert.Equal(3, Count(apiMetrics, "review_after_analysis_seconds_count"));
        Assert.Equal((2, 1), (Count(apiMetrics, "ai_agreement_total", ("outcome", "agree")), Count(apiMetrics, "ai_agreement_total", ("outcome", "modify"))));
        Assert.Equal(1, Count(apiMetrics, "critical_notifications_total"));
        Assert.Equal(1, Count(apiMetrics, "critical_notification_ack_seconds_count", ("within_target", "true")));
        var workerMetrics = await ScrapeAsync(worker);
        Assert.Equal(2, Count(workerMetrics, "analysis_ingest_to_result_seconds_count", ("model", DemoModelSamples.ChestModel)));
        Assert.Equal(1, Count(workerMetrics, "analysis_ingest_to_result_seconds_count", ("model", DemoModelSamples.HeadCtModel)));
    }

    /// <summary>The sample as the modality sends it for the order: its accession number, the ordered patient and issuer.</summary>
    private static byte[] ImageFor(Study study, string accessionNumber, string patientId)
    {
        using var sample = new MemoryStream(DemoModelSamples.Dicom(study.Model, study.Sample));
        using var file = DicomFile.Open(sample);
        file.Dataset.Set(DicomTags.AccessionNumber, accessionNumber);
        file.Dataset.Set(DicomTags.PatientID, patientId);
        file.Dataset.Set(DicomTags.IssuerOfPatientID, WorkflowApi.Issuer);
        using var output = new MemoryStream();
        file.Save(output);
        return output.ToArray();
    }

    /// <summary>Radiographs by the REST upload, CT by STOW-RS; returns the stored image's Study Instance UID.</summary>
    private static async Task<string> StoreAsync(HttpClient technologist, Study study, byte[] image)
    {
        if (study.Modality == "CT")
        {
            return (await StowRsTests.StoreOneAsync(technologist, image)).Study;
        }

        using var form = new MultipartFormDataContent { { new ByteArrayContent(image), "files", $"{study.Sample}.dcm" } };
        var uploaded = await WorkflowApi.OkAsync<UploadResponse>(await technologist.PostAsync("/api/v1/images/upload", form));
        Assert.Equal(1, uploaded.Stored);
        return uploaded.Files[0].StudyInstanceUid!;
    }

    private static async Task<StudyInferenceResultsView> WaitForResultsAsync(ApiProcess worker, HttpClient aiService, string studyUid)
    {
        StudyInferenceResultsView? analysed = null;
        await worker.WaitUntilAsync(async () =>
        {
            analysed = await GetAsync<StudyInferenceResultsView>(aiService, $"/api/v1/studies/{studyUid}/inference-results");
            return analysed.Results.Count > 0;
        });
        return analysed!;
    }

    /// <summary>The draft's findings line: what the model found (its labels at or above their thresholds) and what the radiologist made of it.</summary>
    private static string ExpectedFindings(Study study, InferenceResultView result)
    {
        var found = string.Join(", ", result.Probabilities.Where(p => p.Probability >= p.Threshold).Select(p => p.Label));
        var verdict = study.Decision == ReviewDecision.Agree
            ? $"{found}, confirmed by the radiologist."
            : $"AI findings ({found}) corrected by the radiologist to {string.Join(", ", study.CorrectedLabels)}.";
        return $"{study.Model}: {verdict} {study.Comments}";
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string path) => await WorkflowApi.OkAsync<T>(await client.GetAsync(path));

    private static async Task<Exposition> ScrapeAsync(ApiProcess process)
    {
        using var anonymous = new HttpClient { BaseAddress = process.Address };
        return Exposition.Parse(await anonymous.GetStringAsync("/metrics"));
    }

    private static double Count(Exposition scrape, string name, params (string, string)[] labels) => scrape.Find(name, labels)?.Value ?? 0;

    /// <summary>An ordered study: the sample its image carries, what triage should make of it, and the radiologist's verdict.</summary>
    private sealed record Study(
        string Model, string Sample, string Modality, string BodyPart, string Description, string OrderPriority, TriagePriority Triage,
        ReviewDecision Decision, string[] CorrectedLabels, string Comments);
}
