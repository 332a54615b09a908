using System.Globalization;
using System.Text.Json;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.Infrastructure.Persistence.Registration;
using ClinicalImaging.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>
/// The archive index in PostgreSQL. Patients are stored encrypted and found by the blind index of their Patient ID;
/// stored headers are stripped of direct identifiers. Registrations go through the <see cref="RegistrationGroupCommitter"/>,
/// which files the objects of concurrent requests together (<see cref="InstanceRegistrar"/>).
/// </summary>
public sealed class EfStudyStore(ClinicalImagingDbContext db, RegistrationGroupCommitter registrations, ICurrentUser user, IRequestOrigin origin) : IStudyStore
{
    public Task<IReadOnlyList<RegistrationResult>> RegisterInstancesAsync(IReadOnlyList<InstanceMetadata> instances, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instances);
        return registrations.RegisterAsync(new RegistrationSubmission(instances, AuditActor.Of(user, origin)), cancellationToken);
    }

    public async Task<StudyView?> GetStudyAsync(DicomUid studyInstanceUid, CancellationToken cancellationToken)
    {
        var study = await db.Studies.AsNoTracking()
            .Where(s => s.StudyInstanceUid == studyInstanceUid)
            .Select(s => new
            {
                s.Id,
                s.Details,
                s.PatientCharacteristics,
                s.CreatedAt,
                s.UpdatedAt,
                Patient = new PatientView(s.Patient!.Id, s.Patient.PatientId, s.Patient.IssuerOfPatientId, s.Patient.PatientName, s.Patient.BirthDate, s.Patient.Sex),
            })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (study is null)
        {
            return null;
        }

        var series = await db.Series.AsNoTracking()
            .Where(s => s.StudyKey == study.Id)
            .OrderBy(s => s.Details.SeriesNumber).ThenBy(s => s.SeriesInstanceUid)
            .Select(s => new { s.Id, s.SeriesInstanceUid, s.Details, s.Equipment })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var instances = await InstanceViews(db.Instances.Where(i => db.Series.Any(s => s.Id == i.SeriesKey && s.StudyKey == study.Id)))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var instancesBySeries = instances.ToLookup(i => i.SeriesInstanceUid, StringComparer.Ordinal);

        return new StudyView(
            study.Id,
            studyInstanceUid.Value,
            study.Patient,
            study.Details,
            study.PatientCharacteristics,
            series.Select(s => new SeriesView(s.Id, s.SeriesInstanceUid.Value, s.Details, s.Equipment, instancesBySeries[s.SeriesInstanceUid.Value].ToList())).ToList(),
            study.CreatedAt,
            study.UpdatedAt);
    }

    public async Task<IReadOnlyList<InstanceView>> FindInstancesByAttributeAsync(string tag, string value, int limit, CancellationToken cancellationToken)
    {
        // DICOM JSON keeps strings as strings, person names as {"Alphabetic": …} and IS/DS/binary numbers as
        // numbers: ask for each form the value could take. Every branch is a containment the GIN index serves.
        var asString = ContainmentDocument(tag, JsonSerializer.SerializeToElement(value));
        var asPersonName = ContainmentDocument(tag, JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["Alphabetic"] = value }));
        var asNumber = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? ContainmentDocument(tag, JsonSerializer.SerializeToElement(number))
            : asString;

        var matches = db.Instances.Where(i =>
            EF.Functions.JsonContains(i.HeaderJson, asString) ||
            EF.Functions.JsonContains(i.HeaderJson, asPersonName) ||
            EF.Functions.JsonContains(i.HeaderJson, asNumber));
        return await InstanceViews(matches).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> IsBlobReferencedAsync(string blobKey, CancellationToken cancellationToken) =>
        ReferencedBlobKeys().AnyAsync(key => key == blobKey, cancellationToken);

    public async Task<IReadOnlyList<string>> FindUnreferencedBlobKeysAsync(IReadOnlyCollection<string> blobKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobKeys);
        var referenced = await ReferencedBlobKeys()
            .Where(key => blobKeys.Contains(key))
            .Distinct()
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return blobKeys.Except(referenced, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every object a row refers to: instances' originals and inference results' heatmaps and overlays.</summary>
    private IQueryable<string> ReferencedBlobKeys() =>
        db.Instances.Select(i => i.StoredObject.BlobKey)
            .Concat(db.InferenceResults.Where(r => r.HeatmapBlobKey != null).Select(r => r.HeatmapBlobKey!))
            .Concat(db.InferenceResults.Where(r => r.OverlayBlobKey != null).Select(r => r.OverlayBlobKey!));

    public async Task<IReadOnlyList<StoredInstance>> FindStoredInstancesAsync(InstanceScope scope, CancellationToken cancellationToken) =>
        await InScope(scope).Select(r => r.Stored).ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<StoredInstanceHeader>> FindInstanceHeadersAsync(InstanceScope scope, CancellationToken cancellationToken) =>
        await InScope(scope).Select(r => new StoredInstanceHeader(r.Stored, r.HeaderJson)).ToListAsync(cancellationToken).ConfigureAwait(false);

    public Task<StoredInstance?> GetStoredInstanceAsync(Guid instanceId, CancellationToken cancellationToken) =>
        StoredInstances(db.Instances.Where(i => i.Id == instanceId)).Select(r => r.Stored).FirstOrDefaultAsync(cancellationToken);

    public async Task<PatientView?> GetStudyPatientAsync(DicomUid studyInstanceUid, CancellationToken cancellationToken)
    {
        var patient = await db.Studies.AsNoTracking().Where(s => s.StudyInstanceUid == studyInstanceUid).Select(s => s.Patient)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return patient is null ? null : new PatientView(patient.Id, patient.PatientId, patient.IssuerOfPatientId, patient.PatientName, patient.BirthDate, patient.Sex);
    }

    /// <summary>The instances a DICOMweb URL addresses, ordered by series and instance number; a malformed UID is a 400.</summary>
    private IQueryable<StoredInstanceRow> InScope(InstanceScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var studyUid = DicomUid.Parse(scope.StudyInstanceUid, "the study UID in the URL");
        var instances = db.Instances.Where(i => db.Series.Any(s => s.Id == i.SeriesKey && db.Studies.Any(st => st.Id == s.StudyKey && st.StudyInstanceUid == studyUid)));
        if (scope.SeriesInstanceUid is not null)
        {
            var seriesUid = DicomUid.Parse(scope.SeriesInstanceUid, "the series UID in the URL");
            instances = instances.Where(i => db.Series.Any(s => s.Id == i.SeriesKey && s.SeriesInstanceUid == seriesUid));
        }

        if (scope.SopInstanceUid is not null)
        {
            var sopInstanceUid = DicomUid.Parse(scope.SopInstanceUid, "the SOP instance UID in the URL");
            instances = instances.Where(i => i.SopInstanceUid == sopInstanceUid);
        }

        return StoredInstances(instances);
    }

    private IQueryable<StoredInstanceRow> StoredInstances(IQueryable<Instance> instances) =>
        InstanceRows.Of(db, instances)
            .OrderBy(r => r.Series.Details.SeriesNumber).ThenBy(r => r.Series.SeriesInstanceUid)
            .ThenBy(r => r.Instance.InstanceNumber).ThenBy(r => r.Instance.SopInstanceUid)
            .Select(r => new StoredInstanceRow
            {
                Stored = new StoredInstance(
                    r.Instance.Id,
                    r.Study.StudyInstanceUid.Value,
                    r.Series.SeriesInstanceUid.Value,
                    r.Instance.SopInstanceUid.Value,
                    r.Instance.SopClassUid.Value,
                    r.Instance.TransferSyntaxUid.Value,
                    r.Instance.StoredObject.BlobKey,
                    r.Instance.StoredObject.SizeBytes),
                HeaderJson = r.Instance.HeaderJson,
            });

    private sealed class StoredInstanceRow
    {
        public required StoredInstance Stored { get; init; }

        public required string HeaderJson { get; init; }
    }

    private IQueryable<InstanceView> InstanceViews(IQueryable<Instance> instances) =>
        InstanceRows.Of(db, instances).OrderBy(r => r.Instance.InstanceNumber).ThenBy(r => r.Instance.SopInstanceUid).Select(InstanceRows.ToView);

    private static string ContainmentDocument(string tag, JsonElement value) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { [tag] = new Dictionary<string, JsonElement[]> { ["Value"] = [value] } });
}

/// <summary>Stable reason codes for conflicts, documented for clients.</summary>
public static class ConflictReasons
{
    public const string InstanceContentDiffers = "instance-content-differs";
}
