using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Studies.FindInstancesByAttribute;
using ClinicalImaging.Application.Studies.GetStudy;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.UseCases;

public sealed class StudyHierarchyTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncDisposable
{
    private readonly UseCaseHost _host = new(database.ConnectionString);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Stores_and_reloads_a_full_patient_study_series_instance_hierarchy()
    {
        var studyUid = SampleInstances.NewUid();
        var axial = SampleInstances.NewUid();
        var scout = SampleInstances.NewUid();
        var registered = new List<InstanceMetadata>();
        for (var number = 3; number >= 1; number--)
        {
            registered.Add(SampleInstances.CtSlice(studyUid, axial, SampleInstances.NewUid(), number));
        }

        registered.Add(SampleInstances.CtSlice(studyUid, scout, SampleInstances.NewUid(), 1) with
        {
            Series = SampleInstances.CtSlice(studyUid, scout, "1.2", 1).Series with { SeriesNumber = 1, Description = "Scout" },
        });
        foreach (var metadata in registered)
        {
            var result = await _host.RegisterAsync(metadata);
            Assert.Equal(RegistrationOutcome.Created, result.Outcome);
        }

        var study = await _host.SendAsync(new GetStudyQuery(studyUid));

        var expected = registered[0];
        Assert.Equal(studyUid, study.StudyInstanceUid);
        Assert.Equal(expected.Patient.PatientId, study.Patient.PatientId);
        Assert.Equal("HOSPITAL-A", study.Patient.IssuerOfPatientId);
        Assert.Equal(expected.Patient.PatientName, study.Patient.PatientName);
        Assert.Equal(expected.Patient.BirthDate, study.Patient.BirthDate);
        Assert.Equal(expected.Study, study.Details);
        Assert.Equal(expected.PatientCharacteristics, study.PatientCharacteristics);

        Assert.Equal([scout, axial], study.Series.Select(s => s.SeriesInstanceUid));
        var axialSeries = study.Series[1];
        Assert.Equal(expected.Series, axialSeries.Details);
        Assert.Equal(expected.Equipment, axialSeries.Equipment);
        Assert.Equal([1, 2, 3], axialSeries.Instances.Select(i => i.InstanceNumber));

        var first = axialSeries.Instances[0];
        var source = registered.Single(r => r.SopInstanceUid == first.SopInstanceUid);
        Assert.Equal(source.Image, first.Image);
        Assert.Equal(source.Acquisition, first.Acquisition);
        Assert.Equal(source.Cardiac, first.Cardiac);
        Assert.Equal(source.SopClassUid, first.SopClassUid);
        Assert.Equal(source.TransferSyntaxUid, first.TransferSyntaxUid);
        Assert.Equal(source.StoredObject.SizeBytes, first.SizeBytes);
        Assert.True(first.Acquisition.HasContrast);
    }

    [Fact]
    public async Task Finds_instances_by_any_attribute_of_the_stored_header()
    {
        var studyUid = SampleInstances.NewUid();
        var seriesUid = SampleInstances.NewUid();
        var knee = SampleInstances.CtSlice(studyUid, seriesUid, SampleInstances.NewUid(), 7, bodyPart: "KNEE_TEST_" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant());
        await _host.RegisterAsync(knee);
        await _host.RegisterAsync(SampleInstances.CtSlice(studyUid, seriesUid, SampleInstances.NewUid(), 8));

        var byBodyPart = await _host.SendAsync(new FindInstancesByAttributeQuery("00180015", knee.Series.BodyPartExamined!));
        var byInstanceNumber = await _host.SendAsync(new FindInstancesByAttributeQuery("00200013", "7"));

        var match = Assert.Single(byBodyPart);
        Assert.Equal(knee.SopInstanceUid, match.SopInstanceUid);
        Assert.Equal(studyUid, match.StudyInstanceUid);
        Assert.Equal(seriesUid, match.SeriesInstanceUid);
        Assert.Contains(byInstanceNumber, i => i.SopInstanceUid == knee.SopInstanceUid);
        Assert.DoesNotContain(byInstanceNumber, i => i.InstanceNumber == 8);
    }

    [Fact]
    public async Task Direct_identifiers_are_not_searchable_in_stored_headers()
    {
        await _host.RegisterAsync(SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1));

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => _host.SendAsync(new FindInstancesByAttributeQuery("00100010", "Testpatient^Alice")));

        Assert.Equal("PatientName (00100010) directly identifies the patient and is not stored in searchable headers", Assert.Single(refused.Errors["Tag"]));
    }

    [Fact]
    public async Task Registering_the_same_object_again_is_idempotent()
    {
        var metadata = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1);

        var first = await _host.RegisterAsync(metadata);
        var again = await _host.RegisterAsync(metadata);

        Assert.Equal(RegistrationOutcome.AlreadyStored, again.Outcome);
        Assert.Equal(first.InstanceId, again.InstanceId);
        var study = await _host.SendAsync(new GetStudyQuery(metadata.StudyInstanceUid));
        Assert.Single(Assert.Single(study.Series).Instances);
    }

    [Fact]
    public async Task Same_SOP_instance_with_different_bytes_is_a_conflict_and_changes_nothing()
    {
        var original = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1);
        await _host.RegisterAsync(original);
        var altered = SampleInstances.CtSlice(original.StudyInstanceUid, original.SeriesInstanceUid, original.SopInstanceUid, 1, content: "other pixels");

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => _host.RegisterAsync(altered));

        Assert.Equal("instance-content-differs", conflict.ReasonCode);
        Assert.Contains(original.SopInstanceUid, conflict.Message, StringComparison.Ordinal);
        var study = await _host.SendAsync(new GetStudyQuery(original.StudyInstanceUid));
        Assert.Equal(original.StoredObject.SizeBytes, Assert.Single(Assert.Single(study.Series).Instances).SizeBytes);
    }

    // Regression: racing first registrations of a new patient once read the winner's study but not its patient
    // (separate READ COMMITTED snapshots) and failed with "belongs to another patient".
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Concurrent_first_registrations_of_a_new_patient_create_one_patient_study_and_series(int round)
    {
        var studyUid = SampleInstances.NewUid();
        var seriesUid = SampleInstances.NewUid();
        var patientId = $"PID-RACE-{round}-{Guid.NewGuid():N}"[..24];
        var commands = Enumerable.Range(1, 16)
            .Select(n => SampleInstances.CtSlice(studyUid, seriesUid, SampleInstances.NewUid(), n, patientId: patientId))
            .ToList();

        var results = await Task.WhenAll(commands.Select(c => Task.Run(() => _host.RegisterAsync(c))));

        Assert.All(results, r => Assert.Equal(RegistrationOutcome.Created, r.Outcome));
        Assert.Single(results.Select(r => r.StudyId).Distinct());
        var study = await _host.SendAsync(new GetStudyQuery(studyUid));
        Assert.Equal(patientId, study.Patient.PatientId);
        Assert.Equal(16, Assert.Single(study.Series).Instances.Count);
    }

    [Fact]
    public async Task Rejects_instance_with_an_overlong_PatientID_or_malformed_UIDs_naming_each_attribute()
    {
        var valid = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1);
        var invalid = valid with
        {
            Patient = valid.Patient with { PatientId = new string('P', 65) },
            StudyInstanceUid = "1.2.03.4",
            SopInstanceUid = "1.2.abc",
        };

        var failure = await Assert.ThrowsAsync<RequestValidationException>(() => _host.RegisterAsync(invalid));

        var messages = failure.Errors.SelectMany(e => e.Value).ToList();
        Assert.Contains("PatientID (0010,0020) is longer than 64 characters", messages);
        Assert.Contains(messages, m => m.StartsWith("StudyInstanceUID (0020,000D) has a component with a leading zero", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("SOPInstanceUID (0008,0018) contains 'a'", StringComparison.Ordinal));
        await Assert.ThrowsAsync<NotFoundException>(() => _host.SendAsync(new GetStudyQuery("1.2.3.4")));
    }

    [Fact]
    public async Task An_instance_cannot_move_a_study_to_another_patient()
    {
        var first = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1, patientId: "PID-A");
        await _host.RegisterAsync(first);
        var otherPatient = SampleInstances.CtSlice(first.StudyInstanceUid, first.SeriesInstanceUid, SampleInstances.NewUid(), 2, patientId: "PID-B");

        var error = await Assert.ThrowsAsync<ClinicalImaging.Domain.Common.DomainException>(
            () => _host.RegisterAsync(otherPatient));

        Assert.Contains("belongs to another patient", error.Message, StringComparison.Ordinal);
        var study = await _host.SendAsync(new GetStudyQuery(first.StudyInstanceUid));
        Assert.Equal("PID-A", study.Patient.PatientId);
        Assert.Single(Assert.Single(study.Series).Instances);
    }
}
