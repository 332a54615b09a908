using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.Testing;
using Npgsql;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

public sealed class AuditTrailTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Reading_a_study_records_who_what_when_from_where_and_the_outcome()
    {
        var metadata = await RegisterAsync();
        var client = api.CreateClientFor("dr-house", Roles.Radiologist);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("ViewerApp/1.0");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/studies/{metadata.StudyInstanceUid}")).StatusCode);

        var page = await api.CreateClientFor(Roles.Auditor).GetFromJsonAsync<JsonElement>(
            $"/api/v1/audit?resourceId={metadata.StudyInstanceUid}&action=study.read");
        var read = Assert.Single(page.GetProperty("events").EnumerateArray());
        Assert.Equal("dr-house", read.GetProperty("actorId").GetString());
        Assert.Equal("User", read.GetProperty("actorKind").GetString());
        Assert.Equal([Roles.Radiologist], read.GetProperty("actorRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Study", read.GetProperty("resourceType").GetString());
        Assert.Equal("Success", read.GetProperty("outcome").GetString());
        Assert.Equal(16, read.GetProperty("userAgentHash").GetString()!.Length);
        Assert.True(DateTimeOffset.UtcNow - read.GetProperty("occurredAt").GetDateTimeOffset() < TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task A_registration_is_recorded_in_its_own_transaction_and_a_failed_one_leaves_neither_row()
    {
        var recorded = await RegisterAsync();
        var rows = await Database.QueryAsync(api.ConnectionString,
            "SELECT actor_kind, outcome FROM audit_events WHERE action = 'instance.register' AND $1 = ANY(resource_ids)", recorded.SopInstanceUid);
        Assert.Equal(("System", "Success"), ((string)rows.Single()[0]!, (string)rows.Single()[1]!));

        // The audit insert itself fails: the registration it belongs to must roll back with it.
        await Database.ExecuteAsync(api.ConnectionString, """
            CREATE FUNCTION reject_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit disk full'; END $$;
            CREATE TRIGGER reject_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION reject_audit();
            """);
        try
        {
            var lost = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1, patientId: "PID-AUDIT-FAIL");
            await using (var host = new UseCaseHost(api.ConnectionString))
            {
                var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.RegisterAsync(lost));
                Assert.Equal("audit disk full", (failure as PostgresException ?? failure.InnerException as PostgresException)?.MessageText);
            }

            Assert.Empty(await Database.QueryAsync(api.ConnectionString, "SELECT 1 FROM instances WHERE sop_instance_uid = $1", lost.SopInstanceUid));
            Assert.Empty(await Database.QueryAsync(api.ConnectionString, "SELECT 1 FROM studies WHERE study_instance_uid = $1", lost.StudyInstanceUid));

            // A read that cannot be recorded is not served.
            var read = await api.CreateClientFor(Roles.Radiologist).GetAsync($"/api/v1/studies/{recorded.StudyInstanceUid}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
            Assert.DoesNotContain("Testpatient", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await Database.ExecuteAsync(api.ConnectionString, "DROP TRIGGER reject_audit ON audit_events; DROP FUNCTION reject_audit();");
        }
    }

    [Theory]
    [InlineData("UPDATE audit_events SET outcome = 'Success'")]
    [InlineData("DELETE FROM audit_events")]
    [InlineData("TRUNCATE audit_events")]
    public async Task The_audit_table_is_append_only(string tampering)
    {
        await RegisterAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync(api.ConnectionString, tampering));

        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_read_is_recorded_as_denied()
    {
        var metadata = await RegisterAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await api.CreateClientFor("curious-researcher", Roles.Research).GetAsync($"/api/v1/studies/{metadata.StudyInstanceUid}")).StatusCode);

        var page = await api.CreateClientFor(Roles.Admin).GetFromJsonAsync<JsonElement>("/api/v1/audit?actorId=curious-researcher&outcome=Denied");
        var denied = Assert.Single(page.GetProperty("events").EnumerateArray());
        Assert.Equal("access.denied", denied.GetProperty("action").GetString());
        Assert.Equal(["/api/v1/studies/{studyUid}", metadata.StudyInstanceUid], denied.GetProperty("resourceIds").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Audit_search_pages_newest_first_with_a_cursor()
    {
        var metadata = await RegisterAsync();
        var reader = api.CreateClientFor("pager", Roles.Radiologist);
        for (var i = 0; i < 3; i++)
        {
            await reader.GetAsync($"/api/v1/studies/{metadata.StudyInstanceUid}");
        }

        var auditor = api.CreateClientFor(Roles.Auditor);
        var first = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/audit?actorId=pager&pageSize=2");
        var next = first.GetProperty("nextBeforeId").GetInt64();
        var second = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/audit?actorId=pager&pageSize=2&beforeId={next}");

        var ids = first.GetProperty("events").EnumerateArray().Concat(second.GetProperty("events").EnumerateArray()).Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextBeforeId").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync("/api/v1/audit?pageSize=100000")).StatusCode);
    }

    private async Task<InstanceMetadata> RegisterAsync()
    {
        var metadata = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1);
        await using var host = new UseCaseHost(api.ConnectionString);
        await host.RegisterAsync(metadata);
        return metadata;
    }
}
