using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Orders;
using ClinicalImaging.Application.Reports;
using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Reports;
using ClinicalImaging.Infrastructure.Persistence;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Security;
using ClinicalImaging.IntegrationTests.Workflow;
using ClinicalImaging.Testing.Fhir;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Fhir;

/// <summary>
/// /fhir/DiagnosticReport over reports created, reviewed and signed through the workflow API on a real PostgreSQL;
/// every answer is also checked against the FHIR R4 schema.
/// </summary>
public sealed class FhirDiagnosticReportTests(ApiFactory api) : IClassFixture<ApiFactory>, IDisposable
{
    private readonly string _answers = Directory.CreateTempSubdirectory("fhir-reports-").FullName;
    private readonly HttpClient _technologist = api.CreateClientFor(Roles.Technologist);
    private readonly HttpClient _radiologist = api.CreateClientFor("dr-fhir", Roles.Radiologist);
    private int _saved;

    public void Dispose() => Directory.Delete(_answers, recursive: true);

    [Fact]
    public async Task A_signed_report_reads_as_a_DiagnosticReport_with_its_study_text_interpreter_and_contained_AI_findings()
    {
        var (order, study) = await OrderWithStudyAsync($"PID-{Guid.NewGuid():N}"[..16]);
        var reviewed = await SeedResultAsync(order.Id, "cxr-findings-demo", ("pneumothorax", 0.93f, TriagePriority.Critical), ("pleural_effusion", 0.61f, TriagePriority.Urgent));
        await SeedResultAsync(order.Id, "other-demo", ("nodule", 0.7f, TriagePriority.Routine));
        await WorkflowApi.OkAsync<object>(await _radiologist.PostAsJsonAsync($"/api/v1/inference/{reviewed}/review", new { version = 0, decision = "modify", labels = new[] { "pneumothorax" } }));
        var signed = await SignAsync(order.Id, new ReportSections("CT chest", "None.", "Apical pleural line on the right.", "Small right pneumothorax.", true));

        var report = await ReadAsync(_radiologist, $"/fhir/DiagnosticReport/{order.Id}", HttpStatusCode.OK);

        Assert.Equal(("DiagnosticReport", order.Id.ToString(), "final", "1"), (Text(report, "resourceType"), Text(report, "id"), Text(report, "status"), report.GetProperty("meta").GetProperty("versionId").GetString()));
        Assert.Equal($"ImagingStudy/{study}", report.GetProperty("imagingStudy")[0].GetProperty("reference").GetString());
        Assert.Equal($"Patient/{order.Patient.Id}", report.GetProperty("subject").GetProperty("reference").GetString());
        Assert.Equal("Small right pneumothorax.", Text(report, "conclusion"));
        Assert.Equal("dr-fhir", report.GetProperty("resultsInterpreter")[0].GetProperty("display").GetString());
        // An instant to the second, as FhirDates writes them.
        Assert.Equal(signed.SignedAt!.Value.ToUnixTimeSeconds(), report.GetProperty("issued").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(("http://loinc.org", "18748-4"), (Text(report.GetProperty("code").GetProperty("coding")[0], "system"), Text(report.GetProperty("code").GetProperty("coding")[0], "code")));
        var form = report.GetProperty("presentedForm")[0];
        Assert.Equal("text/plain; charset=utf-8", Text(form, "contentType"));
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(Text(form, "data")));
        Assert.Contains("FINDINGS:\nApical pleural line on the right.\n\nIMPRESSION:\nSmall right pneumothorax.", text, StringComparison.Ordinal);
        Assert.Contains("CRITICAL FINDING:", text, StringComparison.Ordinal);

        // The radiologist modified the result to pneumothorax alone: that is the coded conclusion.
        var conclusion = Assert.Single(report.GetProperty("conclusionCode").EnumerateArray());
        Assert.Equal(("http://snomed.info/sct", "36118008"), (Text(conclusion.GetProperty("coding")[0], "system"), Text(conclusion.GetProperty("coding")[0], "code")));
        var observations = report.GetProperty("contained").EnumerateArray().ToList();
        Assert.Equal(["#finding-1", "#finding-2", "#finding-3"], report.GetProperty("result").EnumerateArray().Select(r => r.GetProperty("reference").GetString()));
        Assert.All(observations, o => Assert.Equal("Observation", Text(o, "resourceType")));
        Assert.Equal(["pneumothorax", "pleural_effusion", "nodule"], observations.Select(o => o.GetProperty("code").GetProperty("text").GetString()));
        Assert.Equal(["final", "final", "preliminary"], observations.Select(o => Text(o, "status")));
        Assert.Equal(0.93m, Math.Round(observations[0].GetProperty("valueQuantity").GetProperty("value").GetDecimal(), 2));
        Assert.Equal("The radiologist corrected this AI result to pneumothorax.", observations[0].GetProperty("note")[0].GetProperty("text").GetString());
        Assert.False(observations[2].TryGetProperty("note", out _));
        Assert.Equal($"ImagingStudy/{study}", observations[0].GetProperty("derivedFrom")[0].GetProperty("reference").GetString());
        AssertAllValid();
    }

    [Fact]
    public async Task An_amendment_is_the_next_version_amended_and_the_search_shows_only_the_current_one()
    {
        var patientId = $"PID-{Guid.NewGuid():N}"[..16];
        var (order, _) = await OrderWithStudyAsync(patientId);
        var original = await SignAsync(order.Id, new ReportSections("CT chest", null, "Clear lungs.", "Normal chest.", false));
        var amendment = await WorkflowApi.OkAsync<ReportView>(await _radiologist.PostAsync($"/api/v1/reports/{original.Id}/amendments", null));
        var edited = await WorkflowApi.OkAsync<ReportView>(await _radiologist.PutAsJsonAsync($"/api/v1/reports/{amendment.Id}", new
        {
            version = amendment.Version,
            sections = amendment.Sections with { Impression = "Normal chest. Addendum: old rib fracture on the left." },
        }, WorkflowApi.Json));
        await WorkflowApi.OkAsync<ReportView>(await _radiologist.PostAsJsonAsync($"/api/v1/reports/{amendment.Id}/sign", new { version = edited.Version }));
        var clinician = api.CreateClientFor(Roles.ReferringClinician);

        var current = await ReadAsync(clinician, $"/fhir/DiagnosticReport/{order.Id}", HttpStatusCode.OK);
        var first = await ReadAsync(clinician, $"/fhir/DiagnosticReport/{order.Id}/_history/1", HttpStatusCode.OK);
        var second = await ReadAsync(clinician, $"/fhir/DiagnosticReport/{order.Id}/_history/2", HttpStatusCode.OK);
        var bySubject = await ReadAsync(clinician, $"/fhir/DiagnosticReport?subject=Patient/{order.Patient.Id}", HttpStatusCode.OK);
        var byId = await ReadAsync(clinician, $"/fhir/DiagnosticReport?subject={order.Patient.Id}", HttpStatusCode.OK);
        var byPatient = await ReadAsync(clinician, $"/fhir/DiagnosticReport?patient=Patient/{order.Patient.Id}", HttpStatusCode.OK);

        Assert.Equal(("amended", "2", "Normal chest. Addendum: old rib fracture on the left."), (Text(current, "status"), Text(current.GetProperty("meta"), "versionId"), Text(current, "conclusion")));
        Assert.Equal(("final", "1", "Normal chest."), (Text(first, "status"), Text(first.GetProperty("meta"), "versionId"), Text(first, "conclusion")));
        Assert.Equal(current.GetRawText(), second.GetRawText());
        foreach (var bundle in new[] { bySubject, byId, byPatient })
        {
            Assert.Equal(("Bundle", "searchset", 1), (Text(bundle, "resourceType"), Text(bundle, "type"), bundle.GetProperty("total").GetInt32()));
            var entry = Assert.Single(bundle.GetProperty("entry").EnumerateArray());
            Assert.Equal(($"http://localhost/fhir/DiagnosticReport/{order.Id}", "match"), (Text(entry, "fullUrl"), Text(entry.GetProperty("search"), "mode")));
            Assert.Equal("2", Text(entry.GetProperty("resource").GetProperty("meta"), "versionId"));
        }

        AssertAllValid();
    }

    [Fact]
    public async Task A_patients_reports_are_paged_newest_first_with_total_and_next_links()
    {
        var patientId = $"PID-{Guid.NewGuid():N}"[..16];
        var orders = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var (order, _) = await OrderWithStudyAsync(patientId);
            await SignAsync(order.Id, new ReportSections(null, null, null, $"Impression {i}.", false));
            orders.Add(order.Id);
        }

        var patientKey = await PatientKeyAsync(orders[0]);
        var seen = new List<string>();
        var url = $"/fhir/DiagnosticReport?subject=Patient/{patientKey}&_count=2";
        var pages = 0;
        while (url is not null)
        {
            var page = await ReadAsync(_radiologist, url, HttpStatusCode.OK);
            Assert.Equal(3, page.GetProperty("total").GetInt32());
            seen.AddRange(page.GetProperty("entry").EnumerateArray().Select(e => Text(e.GetProperty("resource"), "id")));
            var next = page.GetProperty("link").EnumerateArray().FirstOrDefault(l => Text(l, "relation") == "next");
            url = next.ValueKind == JsonValueKind.Undefined ? null : new Uri(Text(next, "url")).PathAndQuery;
            pages++;
        }

        var empty = await ReadAsync(_radiologist, $"/fhir/DiagnosticReport?subject=Patient/{Guid.NewGuid()}", HttpStatusCode.OK);

        Assert.Equal(2, pages);
        Assert.Equal(orders.AsEnumerable().Reverse().Select(o => o.ToString()), seen);
        Assert.Equal(0, empty.GetProperty("total").GetInt32());
        Assert.False(empty.TryGetProperty("entry", out _));
        AssertAllValid();
    }

    [Theory]
    [InlineData("/fhir/DiagnosticReport", HttpStatusCode.BadRequest, "invalid", "subject")]
    [InlineData("/fhir/DiagnosticReport?subject=Patient/not-a-key", HttpStatusCode.BadRequest, "invalid", "subject must be Patient/{id}")]
    [InlineData("/fhir/DiagnosticReport?patient=42", HttpStatusCode.BadRequest, "invalid", "patient must be Patient/{id}")]
    [InlineData("/fhir/DiagnosticReport?subject=00000000-0000-0000-0000-000000000001&_count=abc", HttpStatusCode.BadRequest, "invalid", "_count must be a whole number")]
    [InlineData("/fhir/DiagnosticReport?subject=00000000-0000-0000-0000-000000000001&_count=101", HttpStatusCode.BadRequest, "invalid", "_count must be a whole number from 0 to 100")]
    [InlineData("/fhir/DiagnosticReport?subject=00000000-0000-0000-0000-000000000001&_offset=-1", HttpStatusCode.BadRequest, "invalid", "_offset")]
    [InlineData("/fhir/DiagnosticReport?subject=00000000-0000-0000-0000-000000000001&_include=DiagnosticReport:result", HttpStatusCode.BadRequest, "invalid", "search parameter '_include' is not supported")]
    [InlineData("/fhir/DiagnosticReport/not-a-guid", HttpStatusCode.BadRequest, "invalid", "GUID")]
    [InlineData("/fhir/DiagnosticReport/00000000-0000-0000-0000-000000000001", HttpStatusCode.NotFound, "not-found", "DiagnosticReport")]
    [InlineData("/fhir/DiagnosticReport/00000000-0000-0000-0000-000000000001/_history/0", HttpStatusCode.BadRequest, "invalid", "positive whole number")]
    public async Task Bad_parameters_and_unknown_reports_are_OperationOutcomes(string url, HttpStatusCode status, string issueCode, string diagnostics)
    {
        var outcome = await ReadAsync(_radiologist, url, status);

        Assert.Equal("OperationOutcome", Text(outcome, "resourceType"));
        Assert.Equal(issueCode, Text(outcome.GetProperty("issue")[0], "code"));
        Assert.Contains(diagnostics, Text(outcome.GetProperty("issue")[0], "diagnostics"), StringComparison.Ordinal);
        AssertAllValid();
    }

    [Fact]
    public async Task Drafts_are_not_shown_roles_without_patient_data_access_are_refused_and_reads_are_audited()
    {
        var (order, _) = await OrderWithStudyAsync($"PID-{Guid.NewGuid():N}"[..16]);
        using var draft = await _radiologist.PostAsJsonAsync($"/api/v1/imaging/studies/{order.Id}/reports", new { sections = new ReportSections(null, null, null, "Draft.", false) }, WorkflowApi.Json);
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);

        await ReadAsync(_radiologist, $"/fhir/DiagnosticReport/{order.Id}", HttpStatusCode.NotFound);
        var search = await ReadAsync(_radiologist, $"/fhir/DiagnosticReport?patient=Patient/{order.Patient.Id}", HttpStatusCode.OK);
        using var aiService = await api.CreateClientFor(Roles.AiService).GetAsync($"/fhir/DiagnosticReport?subject={order.Patient.Id}");
        using var research = await api.CreateClientFor(Roles.Research).GetAsync($"/fhir/DiagnosticReport/{order.Id}");
        var audited = await Database.QueryAsync(api.ConnectionString,
            "SELECT action FROM audit_events WHERE actor_id = 'dr-fhir' AND $1 = ANY(resource_ids) ORDER BY occurred_at", order.Patient.Id.ToString());

        Assert.Equal(0, search.GetProperty("total").GetInt32());
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (aiService.StatusCode, research.StatusCode));
        Assert.Contains(audited, row => (string)row[0]! == "fhir.diagnostic-report.search");
        AssertAllValid();
    }

    /// <summary>An order for the patient and a study whose image matched it (the order is then in progress).</summary>
    private async Task<(OrderView Order, string StudyInstanceUid)> OrderWithStudyAsync(string patientId)
    {
        var order = await WorkflowApi.ScheduleAsync(_technologist, patientId);
        await WorkflowApi.UploadImageAsync(_technologist, order.AccessionNumber, patientId);
        var started = (await _technologist.GetFromJsonAsync<OrderView>($"/api/v1/imaging/studies/{order.Id}", WorkflowApi.Json))!;
        Assert.Equal(OrderStatus.InProgress, started.Status);
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicalImagingDbContext>();
        var studyKey = await db.Set<ImagingOrder>().Where(o => o.Id == order.Id).Select(o => o.StudyKey).SingleAsync();
        var uid = await db.Studies.Where(s => s.Id == studyKey).Select(s => s.StudyInstanceUid).SingleAsync();
        return (started, uid.Value);
    }

    private async Task<Guid> PatientKeyAsync(Guid orderId) =>
        (await _technologist.GetFromJsonAsync<OrderView>($"/api/v1/imaging/studies/{orderId}", WorkflowApi.Json))!.Patient.Id;

    /// <summary>An AI result with findings on the order's image, as the inference worker stores it.</summary>
    private async Task<Guid> SeedResultAsync(Guid orderId, string model, params (string Label, float Confidence, TriagePriority Severity)[] findings)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicalImagingDbContext>();
        var studyKey = (await db.Set<ImagingOrder>().Where(o => o.Id == orderId).Select(o => o.StudyKey).SingleAsync())!.Value;
        var instanceKey = await db.Instances.Join(db.Series, i => i.SeriesKey, s => s.Id, (i, s) => new { i.Id, s.StudyKey })
            .Where(x => x.StudyKey == studyKey).Select(x => x.Id).FirstAsync();
        var completed = DateTimeOffset.UtcNow.AddMinutes(-5);
        var result = InferenceResult.Record(
            new InferenceResultDescription(
                instanceKey, studyKey, null, model, "1.0.0", "multi-label",
                findings.Select(f => new LabelProbability(f.Label, f.Confidence, 0.5)).ToList(),
                null, null,
                new TriageOutcome(findings.Max(f => f.Severity), false, []),
                new InferenceTimings(completed.AddSeconds(-5), completed.AddSeconds(-2), completed, TimeSpan.FromSeconds(1))),
            findings.Select(f => new FindingDescription(f.Label, f.Confidence, 0.5, f.Severity, null, null, "Radiologist review recommended")).ToList());
        result.TouchWithFindings(completed);
        db.InferenceResults.Add(result);
        await db.SaveChangesAsync();
        return result.Id;
    }

    private async Task<ReportView> SignAsync(Guid orderId, ReportSections sections)
    {
        var draft = await WorkflowApi.OkAsync<ReportView>(await _radiologist.PostAsJsonAsync($"/api/v1/imaging/studies/{orderId}/reports", new { sections }, WorkflowApi.Json));
        return await WorkflowApi.OkAsync<ReportView>(await _radiologist.PostAsJsonAsync($"/api/v1/reports/{draft.Id}/sign", new { version = draft.Version }));
    }

    private async Task<JsonElement> ReadAsync(HttpClient client, string url, HttpStatusCode status)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{url}: {response.StatusCode}: {body}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        await File.WriteAllTextAsync(Path.Combine(_answers, $"answer-{Interlocked.Increment(ref _saved)}.json"), body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private void AssertAllValid()
    {
        var results = FhirSchemaValidator.ValidateFolder(_answers);
        Assert.Equal(_saved, results.Count);
        Assert.Null(FhirSchemaValidator.Failures(results));
    }
}
