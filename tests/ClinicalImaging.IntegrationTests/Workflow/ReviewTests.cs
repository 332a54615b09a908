using System.Net;
using System.Net.Http.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Reviews;
using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Reviews;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Ingest;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Workflow;

public sealed class ReviewTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly object AgreeAtVersion0 = new { version = 0, decision = "agree", comments = "Concur." };

    private readonly HttpClient _technologist = api.CreateClientFor(Roles.Technologist);
    private readonly HttpClient _drAdams = api.CreateClientFor("dr-adams", Roles.Radiologist);
    private readonly HttpClient _drBaker = api.CreateClientFor("dr-baker", Roles.Radiologist);

    [Fact]
    public async Task Two_radiologists_deciding_on_one_result_at_once_one_wins_and_the_other_gets_409()
    {
        var result = await NewResultAsync(TriagePriority.Urgent, DateTimeOffset.UtcNow.AddMinutes(-30));

        var responses = await Task.WhenAll(
            _drAdams.PostAsJsonAsync($"/api/v1/inference/{result}/review", AgreeAtVersion0),
            _drBaker.PostAsJsonAsync($"/api/v1/inference/{result}/review", new { version = 0, decision = "disagree", labels = new[] { "effusion" } }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var loser = await WorkflowApi.ProblemAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict);
        var winner = await WorkflowApi.OkAsync<ReviewView>(responses.Single(r => r.IsSuccessStatusCode));
        Assert.Equal("version-conflict", loser.Reason());
        var stored = (await _drAdams.GetFromJsonAsync<ReviewView>($"/api/v1/inference/{result}/review", WorkflowApi.Json))!;
        Assert.Equal((ReviewStatus.Final, winner.ReviewedBy, 1), (stored.Status, stored.ReviewedBy, stored.Version));
    }

    [Fact]
    public async Task A_claim_keeps_other_radiologists_out_until_it_is_released()
    {
        var result = await NewResultAsync(TriagePriority.Routine, DateTimeOffset.UtcNow.AddMinutes(-30));

        var claimed = await WorkflowApi.OkAsync<ReviewView>(await _drAdams.PostAsJsonAsync($"/api/v1/worklist/{result}/claim", new { version = 0 }));
        var otherClaim = await WorkflowApi.ProblemAsync(
            await _drBaker.PostAsJsonAsync($"/api/v1/worklist/{result}/claim", new { version = 1 }), HttpStatusCode.Conflict);
        var otherDecision = await WorkflowApi.ProblemAsync(
            await _drBaker.PostAsJsonAsync($"/api/v1/inference/{result}/review", new { version = 1, decision = "agree" }), HttpStatusCode.Conflict);
        var released = await WorkflowApi.OkAsync<ReviewView>(await _drAdams.PostAsJsonAsync($"/api/v1/worklist/{result}/release", new { version = 1 }));
        var decided = await WorkflowApi.OkAsync<ReviewView>(await _drBaker.PostAsJsonAsync($"/api/v1/inference/{result}/review",
            new { version = 2, decision = "modify", labels = new[] { "nodule" }, regions = new[] { new { x = 10, y = 12, width = 20, height = 18, label = "nodule" } } }));

        Assert.Equal((ReviewStatus.InReview, "dr-adams", 1), (claimed.Status, claimed.AssigneeId, claimed.Version));
        Assert.Equal("illegal-transition", otherClaim.Reason());
        Assert.Equal($"Review {otherClaim.Detail!.Split(' ')[1]} is InReview: claiming (to InReview) is not allowed; it is claimed by dr-adams", otherClaim.Detail);
        Assert.EndsWith("deciding is not allowed; it is claimed by dr-adams", otherDecision.Detail, StringComparison.Ordinal);
        Assert.Equal((ReviewStatus.Pending, null), (released.Status, released.AssigneeId));
        Assert.Equal((ReviewStatus.Final, "dr-baker", ReviewDecision.Modify), (decided.Status, decided.ReviewedBy, decided.Verdict!.Decision));
        Assert.Equal(new CorrectedRegion(10, 12, 20, 18, "nodule"), Assert.Single(decided.Verdict.CorrectedRegions));
    }

    [Fact]
    public async Task A_final_review_refuses_every_further_change_naming_who_decided_it()
    {
        var result = await NewResultAsync(TriagePriority.Normal, DateTimeOffset.UtcNow.AddMinutes(-30));
        await WorkflowApi.OkAsync<ReviewView>(await _drAdams.PostAsJsonAsync($"/api/v1/inference/{result}/review", AgreeAtVersion0));

        var claim = await WorkflowApi.ProblemAsync(await _drBaker.PostAsJsonAsync($"/api/v1/worklist/{result}/claim", new { version = 1 }), HttpStatusCode.Conflict);
        var release = await WorkflowApi.ProblemAsync(await _drAdams.PostAsJsonAsync($"/api/v1/worklist/{result}/release", new { version = 1 }), HttpStatusCode.Conflict);

        Assert.EndsWith("is Final: claiming (to InReview) is not allowed; it was decided by dr-adams", claim.Detail, StringComparison.Ordinal);
        Assert.EndsWith("is Final: releasing (to Pending) is not allowed", release.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_worklist_puts_critical_first_then_the_oldest_and_filters_by_status_assignee_priority_and_modality()
    {
        var now = DateTimeOffset.UtcNow;
        var oldRoutine = await NewResultAsync(TriagePriority.Routine, now.AddHours(-5));
        var newCritical = await NewResultAsync(TriagePriority.Critical, now.AddMinutes(-1));
        var oldCritical = await NewResultAsync(TriagePriority.Critical, now.AddHours(-2));
        var decided = await NewResultAsync(TriagePriority.Critical, now.AddHours(-9));
        await WorkflowApi.OkAsync<ReviewView>(await _drAdams.PostAsJsonAsync($"/api/v1/inference/{decided}/review", AgreeAtVersion0));
        await WorkflowApi.OkAsync<ReviewView>(await _drBaker.PostAsJsonAsync($"/api/v1/worklist/{oldRoutine}/claim", new { version = 0 }));
        Guid[] mine = [oldRoutine, newCritical, oldCritical];

        var all = await WorklistAsync("");
        var critical = await WorklistAsync("?priority=critical");
        var bakers = await WorklistAsync("?assignee=me", _drBaker);
        var pending = await WorklistAsync("?status=Pending");
        var mr = await WorklistAsync("?modality=MR");
        var finalRefused = await WorkflowApi.ProblemAsync(await _drAdams.GetAsync("/api/v1/worklist?status=Final"), HttpStatusCode.BadRequest);

        Assert.Equal([oldCritical, newCritical, oldRoutine], all.Where(i => mine.Contains(i.InferenceResultId)).Select(i => i.InferenceResultId));
        Assert.DoesNotContain(all, i => i.InferenceResultId == decided);
        Assert.Equal([oldCritical, newCritical], critical.Where(i => mine.Contains(i.InferenceResultId)).Select(i => i.InferenceResultId));
        Assert.Equal(oldRoutine, Assert.Single(bakers).InferenceResultId);
        Assert.DoesNotContain(pending, i => i.InferenceResultId == oldRoutine);
        Assert.Empty(mr);
        Assert.All(all, i => Assert.Equal("CT", i.Modality));
        Assert.Contains("final reviews are not on the worklist", finalRefused.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_radiologists_review_and_an_unknown_result_is_404()
    {
        var result = await NewResultAsync(TriagePriority.Urgent, DateTimeOffset.UtcNow);

        var asClinician = await api.CreateClientFor(Roles.ReferringClinician).PostAsJsonAsync($"/api/v1/inference/{result}/review", AgreeAtVersion0);
        var asAdmin = await api.CreateClientFor(Roles.Admin).GetAsync("/api/v1/worklist");
        var unknown = await _drAdams.PostAsJsonAsync($"/api/v1/inference/{Guid.NewGuid()}/review", AgreeAtVersion0);

        Assert.Equal(HttpStatusCode.Forbidden, asClinician.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_measurement_is_given_in_millimetres_from_the_images_pixel_spacing_as_pydicom_reads_it()
    {
        var image = await WorkflowApi.UploadImageAsync(_technologist, "ACC-ANN", "PID-ANN");
        var facts = Pydicom.Read([IngestFiles.CtSmall])[IngestFiles.CtSmall];
        var spacing = facts.PixelSpacing!;

        var measurement = await WorkflowApi.OkAsync<AnnotationView>(await _drAdams.PostAsJsonAsync(
            $"/api/v1/images/{image}/annotations", new { kind = "Measurement", coordinates = new[] { 10.0, 20.0, 40.0, 60.0 } }));
        await WorkflowApi.OkAsync<AnnotationView>(await _drAdams.PostAsJsonAsync(
            $"/api/v1/images/{image}/annotations", new { kind = "Box", coordinates = new[] { 5.0, 5.0, 30.0, 20.0 }, text = "nodule" }));
        var outside = await WorkflowApi.ProblemAsync(await _drAdams.PostAsJsonAsync(
            $"/api/v1/images/{image}/annotations", new { kind = "Label", coordinates = new[] { 500.0, 5.0 }, text = "x" }), HttpStatusCode.BadRequest);
        var listed = (await _technologist.GetFromJsonAsync<List<AnnotationView>>($"/api/v1/images/{image}/annotations", WorkflowApi.Json))!;

        // Pixel Spacing is row spacing (along y), then column spacing (along x).
        Assert.Equal(Math.Sqrt(Math.Pow(30 * spacing[1], 2) + Math.Pow(40 * spacing[0], 2)), measurement.LengthMm!.Value, 9);
        Assert.Contains($"lies outside the image ({facts.Columns} columns × {facts.Rows} rows)", outside.Detail, StringComparison.Ordinal);
        Assert.Equal([AnnotationKind.Measurement, AnnotationKind.Box], listed.Select(a => a.Kind));
        Assert.All(listed, a => Assert.Equal("dr-adams", a.AuthorId));
    }

    private async Task<Guid> NewResultAsync(TriagePriority priority, DateTimeOffset analysedAt)
    {
        var image = await WorkflowApi.UploadImageAsync(_technologist, $"A{Guid.NewGuid():N}"[..12], $"PID-{Guid.NewGuid():N}"[..16]);
        return await WorkflowApi.SeedInferenceResultAsync(api, image, priority, analysedAt, "nodule");
    }

    private async Task<List<WorklistItem>> WorklistAsync(string query, HttpClient? client = null) =>
        (await (client ?? _drAdams).GetFromJsonAsync<List<WorklistItem>>($"/api/v1/worklist{query}", WorkflowApi.Json))!;
}
