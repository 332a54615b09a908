using System.Net;
using System.Net.Http.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Orders;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Ingest;
using Npgsql;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Workflow;

public sealed class OrdersTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _technologist = api.CreateClientFor(Roles.Technologist);

    [Fact]
    public async Task A_scheduled_study_keeps_its_patient_encrypted_and_gets_an_accession_number_when_none_is_given()
    {
        var patientId = $"PID-{Guid.NewGuid():N}"[..16];

        var order = await WorkflowApi.ScheduleAsync(_technologist, patientId);
        var read = await _technologist.GetFromJsonAsync<OrderView>($"/api/v1/imaging/studies/{order.Id}", WorkflowApi.Json);

        Assert.Equal((OrderStatus.Scheduled, OrderPriority.Urgent, "CT", "CHEST"), (read!.Status, read.Priority, read.Modality, read.BodyPart));
        Assert.Matches("^CI[0-9]{10}$", read.AccessionNumber);
        Assert.Equal((patientId, "Testpatient^Carol", new DateOnly(1970, 3, 4)), (read.Patient.PatientId, read.Patient.PatientName, read.Patient.BirthDate));
        Assert.Equal(("user-technologist", 0), (read.OrderedBy, read.Version));
        Assert.Empty((await _technologist.GetFromJsonAsync<List<SeriesView>>($"/api/v1/imaging/studies/{order.Id}/series", WorkflowApi.Json))!);
        // The order table holds no identifier; the patient row holds only ciphertext.
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM patients WHERE encode(patient_id_cipher, 'escape') LIKE '%' || @p || '%'", patientId));
    }

    [Fact]
    public async Task Arriving_images_with_the_accession_number_and_patient_start_the_order_and_are_listed_under_it()
    {
        var patientId = $"PID-{Guid.NewGuid():N}"[..16];
        var order = await WorkflowApi.ScheduleAsync(_technologist, patientId);

        var imageId = await WorkflowApi.UploadImageAsync(_technologist, order.AccessionNumber, patientId);

        var started = (await _technologist.GetFromJsonAsync<OrderView>($"/api/v1/imaging/studies/{order.Id}", WorkflowApi.Json))!;
        Assert.Equal((OrderStatus.InProgress, 1), (started.Status, started.Version));
        Assert.NotNull(started.StartedAt);
        Assert.NotNull(started.StudyInstanceUid);
        var series = (await _technologist.GetFromJsonAsync<List<SeriesView>>($"/api/v1/imaging/studies/{order.Id}/series", WorkflowApi.Json))!;
        var images = (await _technologist.GetFromJsonAsync<List<InstanceView>>($"/api/v1/imaging/studies/{order.Id}/images", WorkflowApi.Json))!;
        Assert.Equal(imageId, Assert.Single(Assert.Single(series).Instances).Id);
        Assert.Equal((imageId, started.StudyInstanceUid), (Assert.Single(images).Id, images[0].StudyInstanceUid));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM patients p JOIN imaging_orders o ON o.patient_key = p.id WHERE o.id = @p::uuid", order.Id.ToString()));
    }

    [Fact]
    public async Task Images_without_an_accession_number_leave_the_order_waiting_and_the_first_with_it_starts_it()
    {
        var patientId = $"PID-{Guid.NewGuid():N}"[..16];
        var order = await WorkflowApi.ScheduleAsync(_technologist, patientId);
        var study = IngestFiles.NewUid();

        await WorkflowApi.UploadImageAsync(_technologist, string.Empty, patientId, studyUid: study);
        var waiting = (await _technologist.GetFromJsonAsync<OrderView>($"/api/v1/imaging/studies/{order.Id}", WorkflowApi.Json))!;
        await WorkflowApi.UploadImageAsync(_technologist, order.AccessionNumber, patientId, studyUid: study);
        var started = (await _technologist.GetFromJsonAsync<OrderView>($"/api/v1/imaging/studies/{order.Id}", WorkflowApi.Json))!;

        Assert.Equal(OrderStatus.Scheduled, waiting.Status);
        Assert.Equal((OrderStatus.InProgress, study), (started.Status, started.StudyInstanceUid));
        Assert.Equal(2, (await _technologist.GetFromJsonAsync<List<InstanceView>>($"/api/v1/imaging/studies/{order.Id}/images", WorkflowApi.Json))!.Count);
    }

    [Fact]
    public async Task Images_of_another_patient_with_the_same_accession_number_do_not_start_the_order()
    {
        var order = await WorkflowApi.ScheduleAsync(_technologist, $"PID-{Guid.NewGuid():N}"[..16]);

        await WorkflowApi.UploadImageAsync(_technologist, order.AccessionNumber, $"OTHER-{Guid.NewGuid():N}"[..16]);

        Assert.Equal(OrderStatus.Scheduled, (await _technologist.GetFromJsonAsync<OrderView>($"/api/v1/imaging/studies/{order.Id}", WorkflowApi.Json))!.Status);
    }

    [Fact]
    public async Task An_order_placed_after_its_images_arrived_starts_in_progress_at_their_arrival()
    {
        var patientId = $"PID-{Guid.NewGuid():N}"[..16];
        var accession = $"E{Guid.NewGuid():N}"[..12];
        await WorkflowApi.UploadImageAsync(_technologist, accession, patientId);

        var order = await WorkflowApi.ScheduleAsync(_technologist, patientId, accession);

        Assert.Equal(OrderStatus.InProgress, order.Status);
        Assert.True(order.StartedAt < order.CreatedAt);
        Assert.Single((await _technologist.GetFromJsonAsync<List<InstanceView>>($"/api/v1/imaging/studies/{order.Id}/images", WorkflowApi.Json))!);
    }

    [Fact]
    public async Task Completing_needs_images_and_the_current_version()
    {
        var patientId = $"PID-{Guid.NewGuid():N}"[..16];
        var order = await WorkflowApi.ScheduleAsync(_technologist, patientId);

        var early = await WorkflowApi.ProblemAsync(
            await _technologist.PostAsJsonAsync($"/api/v1/imaging/studies/{order.Id}/complete", new { version = 0 }), HttpStatusCode.Conflict);
        await WorkflowApi.UploadImageAsync(_technologist, order.AccessionNumber, patientId);
        var stale = await WorkflowApi.ProblemAsync(
            await _technologist.PostAsJsonAsync($"/api/v1/imaging/studies/{order.Id}/complete", new { version = 0 }), HttpStatusCode.Conflict);
        var completed = await WorkflowApi.OkAsync<OrderView>(
            await _technologist.PostAsJsonAsync($"/api/v1/imaging/studies/{order.Id}/complete", new { version = 1 }));
        var again = await WorkflowApi.ProblemAsync(
            await _technologist.PostAsJsonAsync($"/api/v1/imaging/studies/{order.Id}/complete", new { version = 2 }), HttpStatusCode.Conflict);

        Assert.Equal("illegal-transition", early.Reason());
        Assert.Equal($"Imaging order {order.Id} is Scheduled: completing (to Completed) is not allowed; no image has arrived yet", early.Detail);
        Assert.Equal("version-conflict", stale.Reason());
        Assert.Equal((OrderStatus.Completed, 2), (completed.Status, completed.Version));
        Assert.NotNull(completed.CompletedAt);
        Assert.Equal($"Imaging order {order.Id} is Completed: completing (to Completed) is not allowed", again.Detail);
    }

    [Fact]
    public async Task A_second_order_with_the_same_order_number_or_accession_number_is_a_conflict()
    {
        var first = await WorkflowApi.ScheduleAsync(_technologist, "PID-DUP", orderId: $"ORD-{Guid.NewGuid():N}"[..20]);

        var sameOrder = await WorkflowApi.ProblemAsync(
            await _technologist.PostAsJsonAsync("/api/v1/imaging/studies", WorkflowApi.OrderBody("PID-DUP", orderId: first.OrderNumber)), HttpStatusCode.Conflict);
        var sameAccession = await WorkflowApi.ProblemAsync(
            await _technologist.PostAsJsonAsync("/api/v1/imaging/studies", WorkflowApi.OrderBody("PID-DUP", first.AccessionNumber)), HttpStatusCode.Conflict);

        Assert.Equal("order-number-taken", sameOrder.Reason());
        Assert.Equal("accession-number-taken", sameAccession.Reason());
    }

    [Fact]
    public async Task Orders_are_found_by_Patient_ID_through_its_blind_index_and_by_status()
    {
        var patientId = $"PID-{Guid.NewGuid():N}"[..16];
        var first = await WorkflowApi.ScheduleAsync(_technologist, patientId);
        var second = await WorkflowApi.ScheduleAsync(_technologist, patientId);
        await WorkflowApi.UploadImageAsync(_technologist, second.AccessionNumber, patientId);

        var all = (await _technologist.GetFromJsonAsync<List<OrderView>>($"/api/v1/imaging/studies?patientId={patientId}", WorkflowApi.Json))!;
        var inProgress = (await _technologist.GetFromJsonAsync<List<OrderView>>(
            $"/api/v1/imaging/studies?patientId={patientId}&status=InProgress", WorkflowApi.Json))!;

        Assert.Equal([first.Id, second.Id], all.Select(o => o.Id).Order());
        Assert.Equal(second.Id, Assert.Single(inProgress).Id);
    }

    [Fact]
    public async Task Only_technologists_and_admins_place_orders_and_bad_orders_are_refused_naming_the_field()
    {
        var asRadiologist = await api.CreateClientFor(Roles.Radiologist).PostAsJsonAsync("/api/v1/imaging/studies", WorkflowApi.OrderBody("PID-X"));
        var asAdmin = await api.CreateClientFor(Roles.Admin).PostAsJsonAsync("/api/v1/imaging/studies", WorkflowApi.OrderBody("PID-X"));
        var badModality = await WorkflowApi.ProblemAsync(
            await _technologist.PostAsJsonAsync("/api/v1/imaging/studies", new { patient = new { patientId = "PID-X" }, orderId = "O-1", modality = "ct scan", scheduledAt = "2026-11-22T10:00:00Z" }),
            HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.Forbidden, asRadiologist.StatusCode);
        Assert.Equal(HttpStatusCode.Created, asAdmin.StatusCode);
        Assert.Contains("'Modality' must be a DICOM modality code", badModality.Detail, StringComparison.Ordinal);
    }

    private async Task<long> CountAsync(string sql, string parameter)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("p", parameter);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
