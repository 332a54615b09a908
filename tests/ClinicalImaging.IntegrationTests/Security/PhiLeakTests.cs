using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Research;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

/// <summary>The API host with every log entry captured: our own categories and EF Core down to Trace, the framework as configured.</summary>
public sealed class LogCapturingApiFactory : ApiFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging
            .AddProvider(Logs)
            .AddFilter<CapturingLoggerProvider>("ClinicalImaging", LogLevel.Trace)
            .AddFilter<CapturingLoggerProvider>("Microsoft.EntityFrameworkCore", LogLevel.Trace));
    }
}

/// <summary>
/// A whole workflow with a patient whose name, ID and birth date appear nowhere else, then a search for them in
/// every place they could leak to: logs, metrics, error responses, and every column of every table. Identifiers travel in
/// request bodies and queries only where a route asks for them; the framework logs request paths (in scopes), which
/// is why no route takes a patient identifier in its path (docs/security.md).
/// </summary>
public sealed class PhiLeakTests(LogCapturingApiFactory api) : IClassFixture<LogCapturingApiFactory>
{
    private const string PatientName = "Zqxjvortle^Wilhelmina";
    private const string PatientId = "PID-ZQX-918273";
    private static readonly DateOnly BirthDate = new(1937, 2, 19);

    [Fact]
    public async Task Patient_identifiers_never_appear_in_logs_error_responses_or_unencrypted_columns()
    {
        var hostLogs = new CapturingLoggerProvider();
        var metadata = Recognisable(SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1, patientId: PatientId));
        await using (var host = new UseCaseHost(api.ConnectionString, logs: hostLogs))
        {
            await host.RegisterAsync(metadata);
            await host.RegisterAsync(metadata);
            await host.RegisterAsync(Recognisable(SampleInstances.CtSlice(
                metadata.StudyInstanceUid, metadata.SeriesInstanceUid, SampleInstances.NewUid(), 2, patientId: PatientId)));
            await Assert.ThrowsAsync<ConflictException>(() => host.RegisterAsync(Recognisable(SampleInstances.CtSlice(
                metadata.StudyInstanceUid, metadata.SeriesInstanceUid, metadata.SopInstanceUid, 1, patientId: PatientId, content: "other bytes"))));
        }

        // The data is really there, for those allowed to see it.
        var study = await api.CreateClientFor(Roles.Radiologist).GetFromJsonAsync<JsonElement>($"/api/v1/studies/{metadata.StudyInstanceUid}");
        Assert.Equal(PatientName, study.GetProperty("patient").GetProperty("patientName").GetString());
        Assert.Equal(PatientId, study.GetProperty("patient").GetProperty("patientId").GetString());
        Assert.Equal(BirthDate, DateOnly.Parse(study.GetProperty("patient").GetProperty("birthDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        // The research role reads the same patient through the de-identifier: answers, but never an identifier.
        var research = api.CreateClientFor(Roles.Research);
        var pseudonymousStudy = new ResearchPseudonyms(Convert.FromBase64String(TestKeys.ResearchPseudonymKey)).Uid(metadata.StudyInstanceUid);
        foreach (var path in new[] { "/research/dicomweb/studies?includefield=all", $"/research/dicomweb/studies/{pseudonymousStudy}/metadata", "/api/v1/research/studies" })
        {
            using var response = await research.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            Assert.Contains(pseudonymousStudy, body, StringComparison.Ordinal);
            AssertNoIdentifier(body, $"research {path} response");
        }

        var errors = new List<HttpResponseMessage>
        {
            await api.CreateClientFor(Roles.Research).GetAsync($"/api/v1/studies/{metadata.StudyInstanceUid}"),
            await api.CreateClient().GetAsync($"/api/v1/studies/{metadata.StudyInstanceUid}"),
            await api.CreateClientFor(Roles.Radiologist).GetAsync($"/api/v1/instances/by-attribute?tag=00100020&value={PatientId}"),
            await api.CreateClientFor(Roles.Radiologist).GetAsync("/api/v1/instances/by-attribute?tag=00100010&value=Zqxjvortle%5EWilhelmina"),
            await api.CreateClientFor(Roles.Radiologist).GetAsync($"/api/v1/studies/{metadata.StudyInstanceUid}.x"),
        };
        var searchOnStrippedHeader = await api.CreateClientFor(Roles.Radiologist).GetFromJsonAsync<JsonElement>(
            $"/api/v1/instances/by-attribute?tag=00080070&value={Uri.EscapeDataString(PatientName)}");
        var audit = await api.CreateClientFor(Roles.Auditor).GetStringAsync("/api/v1/audit?pageSize=500");
        var metrics = await api.CreateClient().GetStringAsync("/metrics");

        Assert.All(errors, e => Assert.True((int)e.StatusCode is >= 400 and < 500, e.StatusCode.ToString()));
        foreach (var error in errors)
        {
            AssertNoIdentifier(await error.Content.ReadAsStringAsync(), $"{error.RequestMessage!.RequestUri} response");
        }

        Assert.Equal(0, searchOnStrippedHeader.GetArrayLength());
        AssertNoIdentifier(audit, "audit trail");
        AssertNoIdentifier(metrics, "metrics scrape");
        Assert.NotEmpty(hostLogs.Entries);
        Assert.Contains(api.Logs.Entries, e => e.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.All(hostLogs.Entries.Concat(api.Logs.Entries), entry => AssertNoIdentifier(entry, "log entry"));

        var rows = await EveryRowOfEveryTableAsync();
        Assert.Contains(rows, r => r.StartsWith("patients:", StringComparison.Ordinal));
        Assert.All(rows, row => AssertNoIdentifier(row, "stored row"));
    }

    /// <summary>Each row as JSON text: bytea appears as hex, so plaintext is looked for in hex as well.</summary>
    private async Task<List<string>> EveryRowOfEveryTableAsync()
    {
        var tables = (await Database.QueryAsync(api.ConnectionString, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).Select(r => (string)r[0]!).ToList();
        var rows = new List<string>();
        foreach (var table in tables)
        {
            rows.AddRange((await Database.QueryAsync(api.ConnectionString, $"SELECT row_to_json(t)::text FROM \"{table}\" t")).Select(r => $"{table}: {r[0]}"));
        }

        return rows;
    }

    private static void AssertNoIdentifier(string text, string where)
    {
        string[] forbidden =
        [
            "Zqxjvortle", "Wilhelmina", PatientId, BirthDate.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
            BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ];
        foreach (var value in forbidden)
        {
            Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"{where} contains {value}: {text}");
            Assert.False(text.Contains(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(value)), StringComparison.OrdinalIgnoreCase), $"{where} contains {value} as hex");
        }
    }

    /// <summary>The sample instance, with this test's patient in both the identity and the header.</summary>
    private static InstanceMetadata Recognisable(InstanceMetadata sample) => sample with
    {
        Patient = sample.Patient with { PatientName = PatientName, BirthDate = BirthDate },
        HeaderJson = sample.HeaderJson.Replace("Testpatient^Alice", PatientName, StringComparison.Ordinal)[..^1] + $",\"00100030\":{{\"vr\":\"DA\",\"Value\":[\"{BirthDate:yyyyMMdd}\"]}},\"00101000\":{{\"vr\":\"LO\",\"Value\":[\"{PatientId}-OTHER\"]}}}}",
    };
}
