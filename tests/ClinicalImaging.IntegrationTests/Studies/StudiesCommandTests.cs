using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Ingest.StoreInstance;
using ClinicalImaging.Cli;
using ClinicalImaging.IntegrationTests.Ingest;
using ClinicalImaging.IntegrationTests.Security;
using ClinicalImaging.IntegrationTests.Telemetry;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Studies;

/// <summary>clinimg studies unidentified | reconcile, in-process, against the real API listening on a loopback port.</summary>
public sealed class StudiesCommandTests(LoopbackApiFactory api) : IClassFixture<LoopbackApiFactory>
{
    private readonly string _technologistToken = TestKeys.Token("tech-tina", Roles.Technologist);

    [Fact]
    public async Task Lists_the_studies_waiting_for_their_patient_and_reconciles_one_which_then_leaves_the_list()
    {
        var (waiting, other) = (IngestFiles.NewUid(), IngestFiles.NewUid());
        await UploadAsync(IngestFiles.NewCtInstance(waiting, patientId: ""), IngestFiles.NewCtInstance(other, patientId: ""));
        var patientId = ArchiveSeed.NewPatientId();

        var (listed, before, _) = await RunAsync("studies", "unidentified", "--page-size", "200");
        var (reconciled, output, error) = await RunAsync("studies", "reconcile", waiting, "--patient-id", patientId, "--name", "DOE^JANE", "--birth-date", "1970-01-02", "--sex", "F");
        var (_, after, _) = await RunAsync("studies", "unidentified", "--page-size", "200");

        Assert.Equal(0, listed);
        Assert.Contains(before.Split('\n'), line => line.StartsWith(waiting + " ", StringComparison.Ordinal) && line.TrimEnd().EndsWith("CompressedSamples^CT1", StringComparison.Ordinal));
        Assert.Contains(other, before, StringComparison.Ordinal);
        Assert.True(reconciled == 0, error);
        Assert.Equal(
            $"reconciled {waiting}: 1 images in 1 series\npatient {patientId}: DOE^JANE, born 1970-01-02, sex F\n",
            output.ReplaceLineEndings("\n"));
        Assert.DoesNotContain(waiting, after, StringComparison.Ordinal);
        Assert.Contains(other, after, StringComparison.Ordinal);
        using var archive = Archive();
        var study = await archive.GetFromJsonAsync<JsonElement>($"/api/v1/studies/{waiting}");
        Assert.Equal(patientId, study.GetProperty("patient").GetProperty("patientId").GetString());
    }

    [Fact]
    public async Task A_refused_reconciliation_exits_1_with_the_archives_reason()
    {
        var study = IngestFiles.NewUid();
        await UploadAsync(IngestFiles.NewCtInstance(study, patientId: ""));

        var (badDate, _, badDateError) = await RunAsync("studies", "reconcile", study, "--patient-id", "PID-1", "--birth-date", "1970-13-01");
        var (first, _, _) = await RunAsync("studies", "reconcile", study, "--patient-id", ArchiveSeed.NewPatientId());
        var (again, _, againError) = await RunAsync("studies", "reconcile", study, "--patient-id", ArchiveSeed.NewPatientId());
        var (forbidden, _, forbiddenError) = await RunWithTokenAsync(TestKeys.Token("reader", Roles.Radiologist), "studies", "reconcile", IngestFiles.NewUid(), "--patient-id", "PID-1");

        Assert.Equal((1, 0, 1, 1), (badDate, first, again, forbidden));
        Assert.Contains("(400 BadRequest): ", badDateError, StringComparison.Ordinal);
        Assert.Contains("; birthDate must be a date in the past written YYYY-MM-DD", badDateError, StringComparison.Ordinal);
        Assert.Contains("(409 Conflict): ", againError, StringComparison.Ordinal);
        Assert.Contains("(study-patient-identified)", againError, StringComparison.Ordinal);
        Assert.Contains("(403 Forbidden)", forbiddenError, StringComparison.Ordinal);
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunWithTokenAsync(_technologistToken, args);

    private async Task<(int Code, string Output, string Error)> RunWithTokenAsync(string token, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync([.. args, "--server", api.Address.ToString(), "--token", token], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private async Task UploadAsync(params byte[][] objects)
    {
        using var archive = Archive();
        Assert.All(await ArchiveUploads.UploadAsync(archive, objects), f => Assert.Equal(StoreOutcome.Stored, f.Outcome));
    }

    private HttpClient Archive()
    {
        var client = new HttpClient { BaseAddress = api.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _technologistToken);
        return client;
    }
}
