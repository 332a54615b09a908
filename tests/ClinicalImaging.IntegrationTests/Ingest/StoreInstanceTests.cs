using ClinicalImaging.Application.Ingest.StoreInstance;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Application.Studies.GetStudy;
using ClinicalImaging.Application.Studies.SearchStudies;
using ClinicalImaging.Dicom;
using ClinicalImaging.Infrastructure.Storage;
using ClinicalImaging.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Ingest;

public sealed class StoreInstanceTests : IClassFixture<TestDatabase>, IAsyncDisposable
{
    private const long SmallObjectLimit = 64 * 1024;
    private readonly string _storageRoot = Directory.CreateTempSubdirectory("clinimg-ingest-").FullName;
    private readonly string _connectionString;
    private readonly UseCaseHost _host;

    public StoreInstanceTests(TestDatabase database)
    {
        _connectionString = database.ConnectionString;
        _host = new UseCaseHost(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Storage:RootPath"] = _storageRoot,
            ["Ingest:MaxObjectBytes"] = SmallObjectLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_storageRoot, recursive: true);
    }

    [Fact]
    public async Task Stores_a_real_CT_and_indexes_its_header_as_pydicom_reads_it()
    {
        var bytes = IngestFiles.NewCtInstance();
        var result = await StoreAsync(bytes);

        Assert.Equal(StoreOutcome.Stored, result.Outcome);
        var path = Path.Combine(_storageRoot, "uploaded.dcm");
        await File.WriteAllBytesAsync(path, bytes);
        var oracle = Pydicom.Read([path])[path];
        Assert.Equal(oracle.SOPInstanceUID, result.SopInstanceUid);
        Assert.Equal(oracle.SOPClassUID, result.SopClassUid);

        var study = await _host.SendAsync(new GetStudyQuery(oracle.StudyInstanceUID!));
        Assert.Equal(oracle.PatientID, study.Patient.PatientId);
        Assert.Equal(oracle.PatientName, study.Patient.PatientName);
        Assert.Equal(oracle.StudyDate, study.Details.StudyDate?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        var series = Assert.Single(study.Series);
        Assert.Equal(oracle.SeriesInstanceUID, series.SeriesInstanceUid);
        Assert.Equal(oracle.Modality, series.Details.Modality);
        Assert.Equal(oracle.Manufacturer, series.Equipment.Manufacturer);
        var instance = Assert.Single(series.Instances);
        Assert.Equal(result.InstanceId, instance.Id);
        Assert.Equal(int.Parse(oracle.Rows!, System.Globalization.CultureInfo.InvariantCulture), instance.Image.Rows);
        Assert.Equal(int.Parse(oracle.Columns!, System.Globalization.CultureInfo.InvariantCulture), instance.Image.Columns);
        Assert.Equal(double.Parse(oracle.SliceThickness!, System.Globalization.CultureInfo.InvariantCulture), instance.Acquisition.SliceThicknessMm);
        Assert.Equal(oracle.PixelSpacing![0], instance.Acquisition.PixelSpacingRowMm);
        Assert.Equal(oracle.PixelSpacing[1], instance.Acquisition.PixelSpacingColumnMm);
        Assert.Equal(bytes.Length, instance.SizeBytes);
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_storageRoot, "objects", sha256[..2], sha256 + ".dcm")));
    }

    [Fact]
    public async Task A_second_instance_joins_a_series_whose_equipment_and_details_are_all_unknown()
    {
        // Regression: EF Core 10.0.0 loaded an all-NULL complex property (here Equipment) as null (dotnet/efcore#37162).
        var study = IngestFiles.NewUid();
        var series = IngestFiles.NewUid();
        byte[] Anonymous() => IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.StudyInstanceUID, study);
            ds.Set(DicomTags.SeriesInstanceUID, series);
            ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
            foreach (var tag in new[] { DicomTags.Manufacturer, DicomTags.ManufacturerModelName, DicomTags.SoftwareVersions, DicomTags.StationName, DicomTags.InstitutionName })
            {
                ds.Remove(tag);
            }
        });

        var first = await StoreAsync(Anonymous());
        var second = await StoreAsync(Anonymous());

        Assert.Equal((StoreOutcome.Stored, StoreOutcome.Stored), (first.Outcome, second.Outcome));
        var stored = await _host.SendAsync(new GetStudyQuery(study));
        Assert.Equal(Domain.Studies.Equipment.Empty, stored.Series.Single().Equipment);
    }

    [Fact]
    public async Task Storing_the_same_bytes_again_is_an_idempotent_success()
    {
        var bytes = IngestFiles.NewCtInstance();

        var first = await StoreAsync(bytes);
        var second = await StoreAsync(bytes);

        Assert.Equal(StoreOutcome.Stored, first.Outcome);
        Assert.Equal(StoreOutcome.AlreadyStored, second.Outcome);
        Assert.Equal(first.InstanceId, second.InstanceId);
    }

    [Fact]
    public async Task Same_SOP_instance_with_other_bytes_fails_as_a_duplicate_and_its_object_is_discarded()
    {
        var sopInstanceUid = IngestFiles.NewUid();
        var studyUid = IngestFiles.NewUid();
        var seriesUid = IngestFiles.NewUid();
        await StoreAsync(IngestFiles.NewCtInstance(studyUid, seriesUid, sopInstanceUid));
        var objectsBefore = StoredObjectFiles();

        var other = IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.StudyInstanceUID, studyUid);
            ds.Set(DicomTags.SeriesInstanceUID, seriesUid);
            ds.Set(DicomTags.SOPInstanceUID, sopInstanceUid);
            ds.Set(DicomTags.StudyDescription, "changed");
        });
        var result = await StoreAsync(other);

        Assert.Equal(StoreOutcome.Failed, result.Outcome);
        Assert.Equal(StowFailureReasons.DuplicateSopInstance, result.FailureReason);
        Assert.Contains(sopInstanceUid, result.Message, StringComparison.Ordinal);
        Assert.Equal(objectsBefore, StoredObjectFiles());
    }

    [Fact]
    public async Task A_file_that_is_not_DICOM_fails_as_cannot_understand_and_leaves_nothing()
    {
        var objectsBefore = StoredObjectFiles();
        var result = await StoreAsync("this is a text file, not a DICOM object"u8.ToArray());

        Assert.Equal(StoreOutcome.Failed, result.Outcome);
        Assert.Equal(StowFailureReasons.CannotUnderstand, result.FailureReason);
        Assert.StartsWith("not a readable DICOM object: ", result.Message, StringComparison.Ordinal);
        Assert.Equal(objectsBefore, StoredObjectFiles());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_storageRoot, "staging")));
    }

    [Fact]
    public async Task A_truncated_file_fails_as_cannot_understand_naming_where_it_ends()
    {
        var objectsBefore = StoredObjectFiles();
        var truncated = File.ReadAllBytes(Path.Combine(Pydicom.TestFiles, "rtplan_truncated.dcm"));

        var result = await StoreAsync(truncated);

        Assert.Equal(StowFailureReasons.CannotUnderstand, result.FailureReason);
        Assert.Contains("offset", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(objectsBefore, StoredObjectFiles());
    }

    [Fact]
    public async Task An_empty_body_fails_as_cannot_understand()
    {
        var result = await StoreAsync([]);

        Assert.Equal(StowFailureReasons.CannotUnderstand, result.FailureReason);
        Assert.Equal("the object is empty", result.Message);
    }

    [Fact]
    public async Task Objects_with_an_empty_PatientID_are_filed_under_one_unidentified_patient_per_study()
    {
        var (first, second) = (IngestFiles.NewUid(), IngestFiles.NewUid());
        var stored = new[]
        {
            await StoreAsync(IngestFiles.NewCtInstance(first, patientId: "")),
            await StoreAsync(IngestFiles.NewCtInstance(first, patientId: "")),
            await StoreAsync(IngestFiles.NewCtInstance(second, patientId: "")),
        };
        await StoreAsync(IngestFiles.NewCtInstance(patientId: "PATIENT-KNOWN"));

        Assert.All(stored, r => Assert.Equal(StoreOutcome.Stored, r.Outcome));
        var firstStudy = await _host.SendAsync(new GetStudyQuery(first));
        var secondStudy = await _host.SendAsync(new GetStudyQuery(second));
        Assert.Equal(2, firstStudy.Series.Sum(s => s.Instances.Count));
        Assert.Equal("", firstStudy.Patient.PatientId);
        Assert.False(firstStudy.Patient.Identified);
        Assert.NotEqual(firstStudy.Patient.Id, secondStudy.Patient.Id);

        var unidentified = await _host.SendAsync(new SearchStudiesQuery(new StudySearchCriteria { UnidentifiedPatient = true }, PageSize: 200));
        var identified = await _host.SendAsync(new SearchStudiesQuery(new StudySearchCriteria { UnidentifiedPatient = false }, PageSize: 200));
        Assert.Superset(new HashSet<string> { first, second }, unidentified.Items.Select(i => i.StudyInstanceUid).ToHashSet());
        Assert.All(unidentified.Items, i => Assert.False(i.Patient.Identified));
        Assert.All(identified.Items, i => Assert.True(i.Patient.Identified));
        Assert.Contains(identified.Items, i => i.Patient.PatientId == "PATIENT-KNOWN");
    }

    [Fact]
    public async Task An_object_without_PatientID_fails_as_not_matching_its_SOP_class()
    {
        var objectsBefore = StoredObjectFiles();
        var bytes = IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
            ds.Remove(DicomTags.PatientID);
        });

        var result = await StoreAsync(bytes);

        Assert.Equal(StowFailureReasons.DataSetDoesNotMatchSopClass, result.FailureReason);
        Assert.Equal("PatientID (0010,0020) is missing; it is Type 2: send it empty when the value is unknown", result.Message);
        Assert.Equal(objectsBefore, StoredObjectFiles());
    }

    [Fact]
    public async Task A_malformed_Study_Instance_UID_fails_naming_the_attribute_and_the_problem()
    {
        var bytes = IngestFiles.CtSmallWith(ds => ds.Set(DicomTags.StudyInstanceUID, "1.2.03.4"));

        var result = await StoreAsync(bytes);

        Assert.Equal(StowFailureReasons.DataSetDoesNotMatchSopClass, result.FailureReason);
        Assert.Equal("StudyInstanceUID (0020,000D) has a component with a leading zero at position 5", result.Message);
    }

    [Fact]
    public async Task An_object_of_another_study_than_the_URL_names_fails_as_study_mismatch()
    {
        var objectsBefore = StoredObjectFiles();
        var expected = IngestFiles.NewUid();
        var actual = IngestFiles.NewUid();

        var result = await StoreAsync(IngestFiles.NewCtInstance(studyUid: actual), expected);

        Assert.Equal(StowFailureReasons.StudyInstanceUidMismatch, result.FailureReason);
        Assert.Equal($"StudyInstanceUID (0020,000D) {actual} differs from the study {expected} named in the request", result.Message);
        Assert.Equal(objectsBefore, StoredObjectFiles());
    }

    [Theory]
    [InlineData(DicomUids.Verification)]
    [InlineData(DicomUids.MediaStorageDirectoryStorage)]
    [InlineData(DicomUids.StorageCommitmentPushModel)]
    public async Task An_object_whose_SOP_class_is_a_registered_non_storage_class_fails_as_not_supported(string sopClass)
    {
        var bytes = IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.SOPClassUID, sopClass);
        });

        var result = await StoreAsync(bytes);

        Assert.Equal(StowFailureReasons.SopClassNotSupported, result.FailureReason);
        Assert.Contains(sopClass, result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DicomUids.RTDoseStorage)]
    [InlineData(DicomUids.DigitalXRayImageStorageForProcessing)]
    [InlineData("1.2.826.0.1.3680043.9.9999.1")]
    public async Task Storage_SOP_classes_outside_the_image_table_and_private_classes_are_accepted(string sopClass)
    {
        var bytes = IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.SOPClassUID, sopClass);
        });

        var result = await StoreAsync(bytes);

        Assert.Equal(StoreOutcome.Stored, result.Outcome);
    }

    [Fact]
    public async Task An_object_over_the_size_limit_fails_as_out_of_resources()
    {
        var bytes = new byte[SmallObjectLimit + 1];

        var result = await StoreAsync(bytes);

        Assert.Equal(StowFailureReasons.OutOfResources, result.FailureReason);
        Assert.Equal($"the object is larger than the limit of {SmallObjectLimit} bytes per object", result.Message);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_storageRoot, "staging")));
    }

    [Theory]
    [InlineData("PATIENT-A", "PATIENT-B", "already belongs to another patient; the object's PatientID does not match")]
    [InlineData("PATIENT-A", "", "is filed under an identified patient; the object's PatientID (0010,0020) is empty")]
    [InlineData("", "PATIENT-B", "already belongs to another patient; the object's PatientID does not match")]
    public async Task An_object_whose_study_belongs_to_another_patient_fails_as_hierarchy_mismatch_and_is_discarded(string filedUnder, string patientId, string problem)
    {
        var studyUid = IngestFiles.NewUid();
        await StoreAsync(IngestFiles.NewCtInstance(studyUid, patientId: filedUnder));
        var objectsBefore = StoredObjectFiles();

        var result = await StoreAsync(IngestFiles.NewCtInstance(studyUid, patientId: patientId));

        Assert.Equal(StowFailureReasons.HierarchyMismatch, result.FailureReason);
        Assert.Equal($"StudyInstanceUID {studyUid} {problem}", result.Message);
        Assert.Equal(objectsBefore, StoredObjectFiles());
    }

    [Fact]
    public async Task A_database_failure_is_a_processing_failure_and_the_sweeper_later_removes_the_object()
    {
        var root = Directory.CreateTempSubdirectory("clinimg-ingest-broken-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["Storage:RootPath"] = root };
            var unreachable = PostgresCluster.Instance.ConnectionString($"missing_{Guid.NewGuid():N}");
            await using (var broken = new UseCaseHost(unreachable, settings))
            {
                var result = Assert.Single(await broken.StoreAsync([IngestFiles.NewCtInstance()]));

                Assert.Equal(StowFailureReasons.ProcessingFailure, result.FailureReason);
                Assert.Equal("the object could not be stored because of an internal error; it was logged", result.Message);
            }

            // The object was committed but never registered: a stray for the sweeper (run against a working database).
            Assert.Single(Directory.EnumerateFiles(Path.Combine(root, "objects"), "*.dcm", SearchOption.AllDirectories));
            await using var working = new UseCaseHost(_connectionString, settings);
            var deleted = await working.Services.GetRequiredService<StrayObjectSweeper>().SweepAsync(TimeSpan.Zero, CancellationToken.None);
            Assert.Equal(1, deleted);
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(root, "objects"), "*.dcm", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task The_sweeper_deletes_only_objects_no_instance_refers_to()
    {
        var objectsBefore = StoredObjectFiles();
        var kept = await StoreAsync(IngestFiles.NewCtInstance());
        Assert.Equal(StoreOutcome.Stored, kept.Outcome);
        var blobs = _host.Services.GetRequiredService<Application.Common.Ports.IBlobStore>();
        await using (var stray = await blobs.StageAsync(new MemoryStream(IngestFiles.NewCtInstance()), SmallObjectLimit, CancellationToken.None))
        {
            await blobs.CommitAsync(stray, CancellationToken.None);
        }

        Assert.Equal(objectsBefore.Count + 2, StoredObjectFiles().Count);

        var sweeper = _host.Services.GetRequiredService<StrayObjectSweeper>();
        Assert.Equal(0, await sweeper.SweepAsync(TimeSpan.FromHours(1), CancellationToken.None));
        Assert.Equal(1, await sweeper.SweepAsync(TimeSpan.Zero, CancellationToken.None));

        Assert.Equal(objectsBefore.Count + 1, StoredObjectFiles().Count);
        var study = await _host.SendAsync(new GetStudyQuery(kept.StudyInstanceUid!));
        Assert.Equal(kept.InstanceId, study.Series.Single().Instances.Single().Id);
    }

    private async Task<StoreInstanceResult> StoreAsync(byte[] bytes, string? expectedStudy = null) =>
        Assert.Single(await _host.StoreAsync([bytes], expectedStudy));

    /// <summary>The committed objects of this test's store (xunit makes a test class instance, and so a store, per test).</summary>
    private List<string> StoredObjectFiles()
    {
        var objects = Path.Combine(_storageRoot, "objects");
        return Directory.Exists(objects)
            ? Directory.EnumerateFiles(objects, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];
    }
}
