using System.Text.Json;
using ClinicalImaging.Application.DicomWeb.Search;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Application.Studies.SearchStudies;
using ClinicalImaging.Cli;
using ClinicalImaging.Infrastructure.Security;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

/// <summary>
/// Changing the blind index key (the keyed hash behind Patient ID equality and the QIDO-RS search tokens): rows carry
/// the id of their key, searches match under every configured key, and <c>keys rotate</c> re-indexes under the new one.
/// </summary>
public sealed class BlindIndexKeyRotationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Searches_find_patients_under_either_blind_index_key_during_a_rotation_and_under_the_new_one_after()
    {
        var oldBlindIndexKey = PhiProtector.GenerateKey();
        var newBlindIndexKey = PhiProtector.GenerateKey();
        var first = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1, patientId: "PID-BIX-1");
        var second = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1, patientId: "PID-BIX-2");
        await using (var before = BlindIndexHost(("1", oldBlindIndexKey)))
        {
            await before.RegisterAsync(first);
            await before.RegisterAsync(second);
        }

        await using (var during = BlindIndexHost(("2", newBlindIndexKey), ("1", oldBlindIndexKey)))
        {
            await AssertFoundAsync(during, first, second);
            // The patient under the old key is found, not created again (nor rewritten: the object changes nothing of it, so
            // it stays under the old key until the rotation); a new patient is indexed under the new key.
            await during.RegisterAsync(SampleInstances.CtSlice(first.StudyInstanceUid, first.SeriesInstanceUid, SampleInstances.NewUid(), 2, patientId: "PID-BIX-1"));
            await during.RegisterAsync(SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1, patientId: "PID-BIX-3"));
            Assert.Equal(["1", "1", "2"], await BlindIndexKeyIdsAsync());

            // The operator's command, with the replicas' configuration.
            var (code, output) = await RotateWithTheCliAsync(newBlindIndexKey, oldBlindIndexKey);
            Assert.True(code == 0, output);
            Assert.Contains("2 patient row(s) under older keys; re-encrypted and re-indexed 2; 0 left", output, StringComparison.Ordinal);
            await AssertFoundAsync(during, first, second);
        }

        Assert.Equal(["2", "2", "2"], await BlindIndexKeyIdsAsync());
        await using var after = BlindIndexHost(("2", newBlindIndexKey));
        await AssertFoundAsync(after, first, second);
        await after.RegisterAsync(SampleInstances.CtSlice(second.StudyInstanceUid, second.SeriesInstanceUid, SampleInstances.NewUid(), 2, patientId: "PID-BIX-2"));
        Assert.Equal(3L, (await Database.QueryAsync(database.ConnectionString, "SELECT count(*) FROM patients")).Single()[0]);
    }

    /// <summary>By exact Patient ID (REST: its blind index; QIDO: the same) and by an ID pattern (QIDO: the search tokens).</summary>
    private static async Task AssertFoundAsync(UseCaseHost host, InstanceMetadata first, InstanceMetadata second)
    {
        var byId = await host.SendAsync(new SearchStudiesQuery(new StudySearchCriteria { PatientId = "PID-BIX-1" }));
        Assert.Equal([first.StudyInstanceUid], byId.Items.Select(s => s.StudyInstanceUid));
        var qidoById = await host.SendAsync(new SearchQuery(new QidoScope(QidoLevel.Study), [KeyValuePair.Create("PatientID", "PID-BIX-2")]));
        Assert.Equal([second.StudyInstanceUid], qidoById.Matches.Select(m => m.StudyInstanceUid));
        var qidoByPattern = await host.SendAsync(new SearchQuery(new QidoScope(QidoLevel.Study), [KeyValuePair.Create("PatientID", "PID-BIX-?")]));
        Assert.Subset(qidoByPattern.Matches.Select(m => m.StudyInstanceUid).ToHashSet(), new HashSet<string> { first.StudyInstanceUid, second.StudyInstanceUid });
    }

    private async Task<(int Code, string Output)> RotateWithTheCliAsync(string activeBlindIndexKey, string oldBlindIndexKey)
    {
        var settings = Path.Combine(Path.GetTempPath(), $"clinimg-keys-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(settings, JsonSerializer.Serialize(new
        {
            ConnectionStrings = new { ClinicalImaging = database.ConnectionString },
            Security = new
            {
                Phi = new
                {
                    ActiveKeyId = TestKeys.PhiKeyId,
                    Keys = new Dictionary<string, string> { [TestKeys.PhiKeyId] = TestKeys.PhiKey },
                    BlindIndexKey = activeBlindIndexKey,
                    BlindIndexKeyId = "2",
                    OtherBlindIndexKeys = new Dictionary<string, string> { ["1"] = oldBlindIndexKey },
                },
            },
        }));
        try
        {
            using var output = new StringWriter();
            var code = await CliApplication.RunAsync(["keys", "rotate", "--settings", settings, "--batch", "1"], output, output);
            return (code, output.ToString());
        }
        finally
        {
            File.Delete(settings);
        }
    }

    private async Task<List<string>> BlindIndexKeyIdsAsync() =>
        (await Database.QueryAsync(database.ConnectionString, "SELECT blind_index_key_id FROM patients ORDER BY blind_index_key_id")).Select(r => (string)r[0]!).ToList();

    /// <summary>A use-case host whose blind index keys are <paramref name="keys"/>, the first one active.</summary>
    private UseCaseHost BlindIndexHost(params (string Id, string Key)[] keys)
    {
        var settings = TestKeys.PhiSettings(TestKeys.PhiKeyId, new Dictionary<string, string> { [TestKeys.PhiKeyId] = TestKeys.PhiKey });
        settings["Security:Phi:BlindIndexKey"] = keys[0].Key;
        settings["Security:Phi:BlindIndexKeyId"] = keys[0].Id;
        foreach (var (id, key) in keys.Skip(1))
        {
            settings[$"Security:Phi:OtherBlindIndexKeys:{id}"] = key;
        }

        return new UseCaseHost(database.ConnectionString, settings);
    }
}
