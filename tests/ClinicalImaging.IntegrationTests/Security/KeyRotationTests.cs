using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Studies.GetStudy;
using ClinicalImaging.Infrastructure.Security;
using ClinicalImaging.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

public sealed class KeyRotationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly string OldKey = PhiProtector.GenerateKey();
    private static readonly string NewKey = PhiProtector.GenerateKey();

    [Fact]
    public async Task Rows_under_the_old_key_stay_readable_and_rotation_moves_every_row_to_the_new_key()
    {
        var first = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1, patientId: "PID-ROT-1");
        var second = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1, patientId: "PID-ROT-2");
        await using (var before = Host(("old", OldKey)))
        {
            await before.RegisterAsync(first);
            await before.RegisterAsync(second);
        }

        await using (var during = Host(("new", NewKey), ("old", OldKey)))
        {
            Assert.Equal("Testpatient^Alice", (await during.SendAsync(new GetStudyQuery(first.StudyInstanceUid))).Patient.PatientName);
            await using var scope = during.Services.CreateAsyncScope();
            var rotation = scope.ServiceProvider.GetRequiredService<PhiKeyRotation>();
            Assert.Equal(2, await rotation.CountStaleAsync(CancellationToken.None));

            Assert.Equal(2, await rotation.ReencryptAsync(batchSize: 1, CancellationToken.None));
            Assert.Equal(0, await rotation.CountStaleAsync(CancellationToken.None));
        }

        var stored = await Database.QueryAsync(database.ConnectionString, "SELECT phi_key_id, patient_id_cipher, patient_name_cipher, birth_date_cipher FROM patients");
        Assert.Equal(2, stored.Count);
        Assert.All(stored, row =>
        {
            Assert.Equal("new", row[0]);
            Assert.All(row.Skip(1), cipher => Assert.Equal("new", PhiProtector.KeyIdOf((byte[])cipher!)));
        });

        // With the old key gone, everything reads, and a new instance finds its existing patient by the blind index.
        await using var after = Host(("new", NewKey));
        var study = await after.SendAsync(new GetStudyQuery(second.StudyInstanceUid));
        Assert.Equal(("PID-ROT-2", new DateOnly(1961, 4, 12)), (study.Patient.PatientId, study.Patient.BirthDate));
        await after.RegisterAsync(SampleInstances.CtSlice(first.StudyInstanceUid, first.SeriesInstanceUid, SampleInstances.NewUid(), 2, patientId: "PID-ROT-1"));
        Assert.Equal(2L, (await Database.QueryAsync(database.ConnectionString, "SELECT count(*) FROM patients")).Single()[0]);
        var rotations = await Database.QueryAsync(database.ConnectionString, "SELECT cardinality(resource_ids) FROM audit_events WHERE action = 'patient.reencrypt'");
        Assert.Equal([1, 1], rotations.Select(r => (int)r[0]!));
    }

    /// <summary>A use-case host whose keyring holds <paramref name="keys"/>, the first one active.</summary>
    private UseCaseHost Host(params (string Id, string Key)[] keys) =>
        new(database.ConnectionString, TestKeys.PhiSettings(keys[0].Id, keys.ToDictionary(k => k.Id, k => k.Key)));
}
