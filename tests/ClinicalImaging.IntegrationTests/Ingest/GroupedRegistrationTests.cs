using ClinicalImaging.Application.Ingest.StoreInstance;
using ClinicalImaging.Application.Studies.GetStudy;
using ClinicalImaging.Dicom;
using ClinicalImaging.IntegrationTests.Security;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Ingest;

/// <summary>
/// The objects of one request are registered in groups of <c>Ingest:RegistrationBatchSize</c> (here 3), one transaction
/// each; an object refused inside a group must not cost the others, and its object must not stay behind.
/// </summary>
public sealed class GroupedRegistrationTests : IClassFixture<TestDatabase>, IAsyncDisposable
{
    private readonly string _storageRoot = Directory.CreateTempSubdirectory("clinimg-groups-").FullName;
    private readonly string _connectionString;
    private readonly UseCaseHost _host;

    public GroupedRegistrationTests(TestDatabase database)
    {
        _connectionString = database.ConnectionString;
        _host = new UseCaseHost(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Storage:RootPath"] = _storageRoot,
            ["Ingest:RegistrationBatchSize"] = "3",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_storageRoot, recursive: true);
    }

    [Fact]
    public async Task Seven_objects_are_registered_in_three_groups_each_recorded_by_one_audit_event()
    {
        var study = IngestFiles.NewUid();
        var series = IngestFiles.NewUid();
        var sops = Enumerable.Range(0, 7).Select(_ => IngestFiles.NewUid()).ToList();

        var results = await StoreAsync(sops.Select(sop => IngestFiles.NewCtInstance(study, series, sop)).ToArray());

        Assert.All(results, r => Assert.Equal(StoreOutcome.Stored, r.Outcome));
        Assert.Equal(sops, results.Select(r => r.SopInstanceUid));
        var stored = await _host.SendAsync(new GetStudyQuery(study));
        Assert.Equal(sops.Order(StringComparer.Ordinal), Assert.Single(stored.Series).Instances.Select(i => i.SopInstanceUid).Order(StringComparer.Ordinal));
        var events = await Database.QueryAsync(_connectionString,
            "SELECT resource_ids FROM audit_events WHERE action = 'instance.register' AND $1 = ANY(resource_ids) ORDER BY id", study);
        var groups = events.Select(e => ((string[])e[0]!).ToList()).ToList();
        Assert.Equal([3, 3, 1], groups.Select(ids => ids.Count(id => sops.Contains(id))));
        Assert.All(groups, ids => Assert.Equal(study, ids[0]));
        Assert.Equal(sops, groups.SelectMany(ids => ids.Skip(1)));
    }

    [Fact]
    public async Task An_object_refused_inside_a_group_costs_the_others_nothing_and_leaves_no_object()
    {
        var study = IngestFiles.NewUid();
        var series = IngestFiles.NewUid();
        var objects = new[]
        {
            IngestFiles.NewCtInstance(study, series, patientId: "PID-GROUP-A"),
            IngestFiles.NewCtInstance(study, series, patientId: "PID-GROUP-B"),
            IngestFiles.NewCtInstance(study, series, patientId: "PID-GROUP-A"),
        };

        var results = await StoreAsync(objects);

        Assert.Equal([StoreOutcome.Stored, StoreOutcome.Failed, StoreOutcome.Stored], results.Select(r => r.Outcome));
        Assert.Equal(StowFailureReasons.HierarchyMismatch, results[1].FailureReason);
        Assert.Contains("belongs to another patient", results[1].Message, StringComparison.Ordinal);
        var stored = await _host.SendAsync(new GetStudyQuery(study));
        Assert.Equal("PID-GROUP-A", stored.Patient.PatientId);
        Assert.Equal(2, Assert.Single(stored.Series).Instances.Count);
        Assert.Equal(2, Directory.EnumerateFiles(Path.Combine(_storageRoot, "objects"), "*.dcm", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public async Task The_same_instance_twice_in_one_request_is_stored_once_and_a_different_copy_conflicts()
    {
        var sop = IngestFiles.NewUid();
        var study = IngestFiles.NewUid();
        var series = IngestFiles.NewUid();
        var original = IngestFiles.NewCtInstance(study, series, sop);
        var altered = IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.StudyInstanceUID, study);
            ds.Set(DicomTags.SeriesInstanceUID, series);
            ds.Set(DicomTags.SOPInstanceUID, sop);
            ds.Set(DicomTags.SeriesDescription, "altered");
        });

        var results = await StoreAsync([original, original, altered]);

        Assert.Equal([StoreOutcome.Stored, StoreOutcome.AlreadyStored, StoreOutcome.Failed], results.Select(r => r.Outcome));
        Assert.Equal(results[0].InstanceId, results[1].InstanceId);
        Assert.Equal(StowFailureReasons.DuplicateSopInstance, results[2].FailureReason);
        Assert.Single(Assert.Single((await _host.SendAsync(new GetStudyQuery(study))).Series).Instances);
    }

    [Fact]
    public async Task Objects_of_a_new_study_with_an_empty_PatientID_in_one_group_share_one_unidentified_patient()
    {
        var study = IngestFiles.NewUid();
        var series = IngestFiles.NewUid();
        var objects = new[]
        {
            IngestFiles.NewCtInstance(study, series, patientId: string.Empty),
            IngestFiles.NewCtInstance(study, series, patientId: string.Empty),
            IngestFiles.NewCtInstance(study, series, patientId: "PID-GROUP-KNOWN"),
        };

        var results = await StoreAsync(objects);

        Assert.Equal([StoreOutcome.Stored, StoreOutcome.Stored, StoreOutcome.Failed], results.Select(r => r.Outcome));
        Assert.Equal(StowFailureReasons.HierarchyMismatch, results[2].FailureReason);
        var stored = await _host.SendAsync(new GetStudyQuery(study));
        Assert.False(stored.Patient.Identified);
        Assert.Equal(2, Assert.Single(stored.Series).Instances.Count);
        var patients = await Database.QueryAsync(_connectionString,
            "SELECT count(DISTINCT st.patient_key) FROM studies st WHERE st.study_instance_uid = $1", study);
        Assert.Equal(1L, (long)patients.Single()[0]!);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Concurrent_groups_naming_the_same_patients_in_opposite_orders_all_store(int round)
    {
        // Each group holds objects of an unknown patient's study and of two known patients, in opposite orders; their
        // locks must not form a cycle that fails a group (and a cycle PostgreSQL breaks must be retried, not answered).
        var unknownStudy = IngestFiles.NewUid();
        var patients = new[] { $"PID-ORDER-A-{round}-{Guid.NewGuid():N}"[..24], $"PID-ORDER-B-{round}-{Guid.NewGuid():N}"[..24] };
        var studies = patients.Select(_ => IngestFiles.NewUid()).ToArray();
        byte[][] Group(bool reversed)
        {
            var objects = new List<byte[]>
            {
                IngestFiles.NewCtInstance(studies[0], patientId: patients[0]),
                IngestFiles.NewCtInstance(unknownStudy, patientId: string.Empty),
                IngestFiles.NewCtInstance(studies[1], patientId: patients[1]),
            };
            if (reversed)
            {
                objects.Reverse();
            }

            return [.. objects];
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(n => Task.Run(() => StoreAsync(Group(reversed: n % 2 == 1)))));

        Assert.All(results.SelectMany(r => r), r => Assert.Equal(StoreOutcome.Stored, r.Outcome));
        foreach (var (study, patient) in studies.Zip(patients))
        {
            var stored = await _host.SendAsync(new GetStudyQuery(study));
            Assert.Equal(patient, stored.Patient.PatientId);
            Assert.Equal(6, stored.Series.Sum(series => series.Instances.Count));
        }

        Assert.Equal(6, (await _host.SendAsync(new GetStudyQuery(unknownStudy))).Series.Sum(series => series.Instances.Count));
    }

    private Task<IReadOnlyList<StoreInstanceResult>> StoreAsync(byte[][] objects) => _host.StoreAsync(objects);
}
