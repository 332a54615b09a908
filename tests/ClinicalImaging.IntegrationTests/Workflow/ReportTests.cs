using System.Net;
using System.Net.Http.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Orders;
using ClinicalImaging.Application.Reports;
using ClinicalImaging.Application.Reviews;
using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Reports;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Telemetry;
using Npgsql;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Workflow;

public sealed class ReportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _technologist = api.CreateClientFor(Roles.Technologist);
    private readonly HttpClient _radiologist = api.CreateClientFor("dr-adams", Roles.Radiologist);
    private readonly HttpClient _clinician = api.CreateClientFor("dr-referrer", Roles.ReferringClinician);

    [Fact]
    public async Task From_order_to_signed_critical_report_and_its_acknowledgement_with_every_clock_recorded()
    {
        var before = await ScrapeAsync();
        var order = await OrderWithImageAsync();
        var result = await WorkflowApi.SeedInferenceResultAsync(api, order.ImageId, TriagePriority.Critical, DateTimeOffset.UtcNow.AddMinutes(-10), "pneumothorax");
        await WorkflowApi.OkAsync<ReviewView>(await _radiologist.PostAsJsonAsync($"/api/v1/inference/{result}/review", new { version = 0, decision = "agree", comments = "Apical." }));

        var draft = await DraftAsync(order.Id, null);
        var edited = await WorkflowApi.OkAsync<ReportView>(await _radiologist.PutAsJsonAsync($"/api/v1/reports/{draft.Id}", new
        {
            version = draft.Version,
            sections = draft.Sections with { Impression = "Large left pneumothorax.", CriticalFinding = true },
        }));
        var signed = await WorkflowApi.OkAsync<ReportView>(await _radiologist.PostAsJsonAsync($"/api/v1/reports/{draft.Id}/sign", new { version = edited.Version }));
        var reported = (await _technologist.GetFromJsonAsync<OrderView>($"/api/v1/imaging/studies/{order.Id}", WorkflowApi.Json))!;
        var open = (await _clinician.GetFromJsonAsync<List<CriticalFindingView>>("/api/v1/critical-findings", WorkflowApi.Json))!;
        var notification = Assert.Single(open, n => n.ReportId == signed.Id);
        var byRadiologist = await _radiologist.PostAsJsonAsync($"/api/v1/critical-findings/{notification.Id}/acknowledge", new { version = 0 });
        var acknowledged = await WorkflowApi.OkAsync<CriticalFindingView>(
            await _clinician.PostAsJsonAsync($"/api/v1/critical-findings/{notification.Id}/acknowledge", new { version = 0 }));
        var twice = await WorkflowApi.ProblemAsync(
            await _clinician.PostAsJsonAsync($"/api/v1/critical-findings/{notification.Id}/acknowledge", new { version = 1 }), HttpStatusCode.Conflict);
        var after = await ScrapeAsync();

        Assert.Equal("CT CHEST CT chest without contrast", draft.Sections.Technique);
        Assert.Equal("chest-demo: pneumothorax, confirmed by the radiologist. Apical.", draft.Sections.Findings);
        Assert.Null(draft.Sections.Impression);
        Assert.True(draft.Sections.CriticalFinding); // triage said critical and the radiologist agreed
        Assert.Equal((ReportStatus.Signed, "dr-adams", 1), (signed.Status, signed.SignedBy, signed.Revision));
        Assert.Equal((OrderStatus.Reported, signed.SignedAt), (reported.Status, reported.ReportedAt));
        Assert.Equal(signed.SignedAt, reported.CompletedAt); // the technologist never completed it: signing did
        Assert.Equal((signed.SignedAt!.Value.AddMinutes(30), NotificationStatus.Open, false), (notification.DueAt, notification.Status, notification.Overdue));
        Assert.Equal(HttpStatusCode.Forbidden, byRadiologist.StatusCode);
        Assert.Equal((NotificationStatus.Acknowledged, "dr-referrer", false), (acknowledged.Status, acknowledged.AcknowledgedBy, acknowledged.Overdue));
        Assert.Equal("illegal-transition", twice.Reason());
        Assert.DoesNotContain((await _clinician.GetFromJsonAsync<List<CriticalFindingView>>("/api/v1/critical-findings", WorkflowApi.Json))!, n => n.Id == notification.Id);
        Assert.Equal("histogram", after.Types["report_turnaround_seconds"]);
        Assert.True(Count(after, "report_turnaround_seconds_count", ("modality", "CT"), ("priority", "Urgent")) > Count(before, "report_turnaround_seconds_count", ("modality", "CT"), ("priority", "Urgent")));
        Assert.True(Count(after, "critical_notification_ack_seconds_count", ("within_target", "true")) > Count(before, "critical_notification_ack_seconds_count", ("within_target", "true")));
        Assert.True(Count(after, "review_after_analysis_seconds_count") > Count(before, "review_after_analysis_seconds_count"));
        Assert.True(Count(after, "ai_agreement_total", ("outcome", "agree")) > Count(before, "ai_agreement_total", ("outcome", "agree")));
    }

    [Fact]
    public async Task A_signed_report_is_immutable_through_the_API_and_in_the_database()
    {
        var order = await OrderWithImageAsync();
        var draft = await DraftAsync(order.Id, new ReportSections("CT chest", "None", "Lungs clear.", "Normal chest.", false));
        var signed = await WorkflowApi.OkAsync<ReportView>(await _radiologist.PostAsJsonAsync($"/api/v1/reports/{draft.Id}/sign", new { version = 0 }));

        var edit = await WorkflowApi.ProblemAsync(await _radiologist.PutAsJsonAsync($"/api/v1/reports/{draft.Id}", new { version = signed.Version, sections = draft.Sections }), HttpStatusCode.Conflict);
        var sign = await WorkflowApi.ProblemAsync(await _radiologist.PostAsJsonAsync($"/api/v1/reports/{draft.Id}/sign", new { version = signed.Version }), HttpStatusCode.Conflict);
        var update = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("UPDATE radiology_reports SET impression = 'Edited.' WHERE id = @id", signed.Id));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("DELETE FROM radiology_reports WHERE id = @id", signed.Id));
        var stored = (await _clinician.GetFromJsonAsync<ReportView>($"/api/v1/reports/{signed.Id}", WorkflowApi.Json))!;

        Assert.Equal($"Report {signed.Id} is Signed: editing (to Draft) is not allowed; a signed report is immutable; amend it instead", edit.Detail);
        Assert.Equal($"Report {signed.Id} is Signed: signing (to Signed) is not allowed", sign.Detail);
        Assert.Equal($"radiology report {signed.Id} is signed and immutable; amend it with a new version", update.MessageText);
        Assert.Equal($"radiology report {signed.Id} is signed and cannot be deleted", delete.MessageText);
        Assert.Equal(("Normal chest.", signed.Version), (stored.Sections.Impression, stored.Version));
    }

    [Fact]
    public async Task An_amendment_is_a_new_signed_version_that_supersedes_the_original_and_only_one_is_drafted_at_a_time()
    {
        var order = await OrderWithImageAsync();
        var draft = await DraftAsync(order.Id, new ReportSections("CT chest", null, "Lungs clear.", "Normal chest.", false));
        var original = await WorkflowApi.OkAsync<ReportView>(await _radiologist.PostAsJsonAsync($"/api/v1/reports/{draft.Id}/sign", new { version = 0 }));

        using var amendResponse = await _radiologist.PostAsync($"/api/v1/reports/{original.Id}/amendments", null);
        var amendment = await WorkflowApi.OkAsync<ReportView>(amendResponse);
        var second = await WorkflowApi.ProblemAsync(await _radiologist.PostAsync($"/api/v1/reports/{original.Id}/amendments", null), HttpStatusCode.Conflict);
        var secondOriginal = await WorkflowApi.ProblemAsync(await _radiologist.PostAsJsonAsync($"/api/v1/imaging/studies/{order.Id}/reports", new { }), HttpStatusCode.Conflict);
        var edited = await WorkflowApi.OkAsync<ReportView>(await _radiologist.PutAsJsonAsync($"/api/v1/reports/{amendment.Id}", new
        {
            version = 0,
            sections = amendment.Sections with { Impression = "Small right apical nodule; follow-up CT in 3 months." },
        }));
        await WorkflowApi.OkAsync<ReportView>(await _radiologist.PostAsJsonAsync($"/api/v1/reports/{amendment.Id}/sign", new { version = edited.Version }));
        var versions = (await _clinician.GetFromJsonAsync<List<ReportView>>($"/api/v1/imaging/studies/{order.Id}/reports", WorkflowApi.Json))!;

        Assert.Equal(HttpStatusCode.Created, amendResponse.StatusCode);
        Assert.Equal((2, original.Id, ReportStatus.Draft, "Normal chest."), (amendment.Revision, amendment.PreviousReportId, amendment.Status, amendment.Sections.Impression));
        Assert.Equal("report-revision-exists", second.Reason());
        Assert.Contains("it is reported already; amend its signed report", secondOriginal.Detail, StringComparison.Ordinal);
        Assert.Equal([(1, ReportStatus.Superseded), (2, ReportStatus.Signed)], versions.Select(v => (v.Revision, v.Status)));
        Assert.NotNull(versions[0].SupersededAt);
        Assert.Equal("Normal chest.", versions[0].Sections.Impression);
    }

    [Fact]
    public async Task A_report_needs_images_and_one_draft_at_a_time_and_only_radiologists_write_it()
    {
        var scheduled = await WorkflowApi.ScheduleAsync(_technologist, $"PID-{Guid.NewGuid():N}"[..16]);
        var order = await OrderWithImageAsync();
        await DraftAsync(order.Id, null);

        var early = await WorkflowApi.ProblemAsync(await _radiologist.PostAsJsonAsync($"/api/v1/imaging/studies/{scheduled.Id}/reports", new { }), HttpStatusCode.Conflict);
        var secondDraft = await WorkflowApi.ProblemAsync(await _radiologist.PostAsJsonAsync($"/api/v1/imaging/studies/{order.Id}/reports", new { }), HttpStatusCode.Conflict);
        var byTechnologist = await _technologist.PostAsJsonAsync($"/api/v1/imaging/studies/{order.Id}/reports", new { });

        Assert.Equal($"Imaging order {scheduled.Id} is Scheduled: drafting a report is not allowed; no image has arrived yet", early.Detail);
        Assert.Equal("report-revision-exists", secondDraft.Reason());
        Assert.Equal(HttpStatusCode.Forbidden, byTechnologist.StatusCode);
    }

    private async Task<(Guid Id, Guid ImageId)> OrderWithImageAsync()
    {
        var patientId = $"PID-{Guid.NewGuid():N}"[..16];
        var order = await WorkflowApi.ScheduleAsync(_technologist, patientId);
        var image = await WorkflowApi.UploadImageAsync(_technologist, order.AccessionNumber, patientId);
        return (order.Id, image);
    }

    private async Task<ReportView> DraftAsync(Guid orderId, ReportSections? sections)
    {
        using var response = await _radiologist.PostAsJsonAsync($"/api/v1/imaging/studies/{orderId}/reports", new { sections }, WorkflowApi.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReportView>(WorkflowApi.Json))!;
    }

    private async Task ExecuteAsync(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<Exposition> ScrapeAsync() => Exposition.Parse(await api.CreateClientFor(Roles.Admin).GetStringAsync("/metrics"));

    private static double Count(Exposition scrape, string name, params (string, string)[] labels) => scrape.Find(name, labels)?.Value ?? 0;
}
