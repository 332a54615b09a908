using ClinicalImaging.Application.DicomWeb.Search;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Infrastructure.Security;
using ClinicalImaging.IntegrationTests.Security;
using ClinicalImaging.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.IntegrationTests.DicomWeb;

/// <summary>The keyed search tokens behind QIDO-RS patient matching: where they come from and how they are refilled.</summary>
public sealed class QidoTokenTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Key_rotation_fills_the_search_tokens_of_patients_stored_before_they_existed()
    {
        await using var host = new UseCaseHost(database.ConnectionString, TestKeys.Settings);
        var slice = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1, patientId: "PID-TOKENS-1");
        await host.RegisterAsync(slice);
        var byName = new SearchQuery(new QidoScope(QidoLevel.Study), [KeyValuePair.Create("PatientName", "testpatient^al*")]);
        Assert.Single((await host.SendAsync(byName)).Matches);

        // As migration 0006 leaves the rows it finds.
        await Database.QueryAsync(database.ConnectionString, "UPDATE patients SET phi_search_tokens = '{}' WHERE patient_id_index = $1", BlindIndex("PID-TOKENS-1"));
        Assert.Empty((await host.SendAsync(byName)).Matches);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var rotation = scope.ServiceProvider.GetRequiredService<PhiKeyRotation>();
            Assert.Equal(1, await rotation.CountStaleAsync(CancellationToken.None));
            Assert.Equal(1, await rotation.ReencryptAsync(batchSize: 10, CancellationToken.None));
        }

        var match = Assert.Single((await host.SendAsync(byName)).Matches);
        Assert.Equal(slice.StudyInstanceUid, match.StudyInstanceUid);
    }

    [Fact]
    public async Task Stored_tokens_are_the_keyed_hashes_of_the_patients_identifiers_and_differ_under_another_key()
    {
        await using var host = new UseCaseHost(database.ConnectionString, TestKeys.Settings);
        var slice = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1, patientId: "PID-TOKENS-2");
        await host.RegisterAsync(slice);

        var stored = (await Database.QueryAsync(database.ConnectionString, "SELECT phi_search_tokens FROM patients WHERE patient_id_index = $1", BlindIndex("PID-TOKENS-2")))
            .Single()[0] as Guid[];

        var identity = slice.Patient;
        Assert.Equal(PatientSearchTokens.For(new PhiProtector(TestKeys.PhiOptions), identity.PatientId, identity.PatientName, identity.BirthDate), stored);
        var anotherKey = new PhiProtector(new PhiProtectionOptions { ActiveKeyId = "k", Keys = { ["k"] = PhiProtector.GenerateKey() }, BlindIndexKey = PhiProtector.GenerateKey() });
        Assert.Empty(PatientSearchTokens.For(anotherKey, identity.PatientId, identity.PatientName, identity.BirthDate).Intersect(stored!));
    }

    private static byte[] BlindIndex(string patientId) => new PhiProtector(TestKeys.PhiOptions).BlindIndex(patientId, "patients.patient_id");
}
