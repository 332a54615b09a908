using System.Globalization;
using System.Text.Json;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Common;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.Infrastructure.Jobs;
using ClinicalImaging.Infrastructure.Persistence.Configurations;
using ClinicalImaging.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>
/// The archive index in PostgreSQL. Patients are stored encrypted and found by the blind index of their Patient ID;
/// stored headers are stripped of direct identifiers; each registration writes its audit event in its own transaction.
/// </summary>
public sealed class EfStudyStore(ClinicalImagingDbContext db, IAuditTrail auditTrail, IClock clock, IngestAnalysisOutbox analyses) : IStudyStore
{
    /// <summary>Two patients' objects claiming one study or series UID race on its unique key; the loser retries and then sees the clash.</summary>
    private const int MaxAttempts = 4;

    public async Task<IReadOnlyList<RegistrationResult>> RegisterInstancesAsync(IReadOnlyList<InstanceMetadata> instances, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var sentTwice = instances.Select(m => m.SopInstanceUid).Distinct(StringComparer.Ordinal).Count() < instances.Count;
        if (instances.Count == 1 || !sentTwice)
        {
            try
            {
                return await RegisterWithRetriesAsync(instances, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception refusal) when (refusal is DomainException or ConflictException)
            {
                if (instances.Count == 1)
                {
                    return [RegistrationResult.Refused(refusal)];
                }
            }
        }

        // One object spoils its group (a hierarchy clash, a conflict) or an instance comes twice: one transaction each,
        // so every object gets its own answer and the second copy of a SOP instance finds the first.
        var results = new List<RegistrationResult>(instances.Count);
        foreach (var instance in instances)
        {
            results.Add((await RegisterInstancesAsync([instance], cancellationToken).ConfigureAwait(false))[0]);
        }

        return results;
    }

    private async Task<IReadOnlyList<RegistrationResult>> RegisterWithRetriesAsync(IReadOnlyList<InstanceMetadata> instances, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RegisterOnceAsync(instances, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (attempt < MaxAttempts && IsRetryable(exception))
            {
                db.ChangeTracker.Clear();
            }
            catch
            {
                // One request may register several groups on this context: a failed one must leave nothing tracked.
                db.ChangeTracker.Clear();
                throw;
            }
        }
    }

    /// <summary>
    /// Registers the group in one transaction: one query for the instances already stored, each patient, study and
    /// series looked up once, one batch of inserts and updates, one audit event naming every study and instance.
    /// </summary>
    private async Task<IReadOnlyList<RegistrationResult>> RegisterOnceAsync(IReadOnlyList<InstanceMetadata> instances, CancellationToken cancellationToken)
    {
        var sopInstanceUids = instances.Select(m => DicomUid.Parse(m.SopInstanceUid, "SOPInstanceUID")).ToList();
        var existing = (await db.Instances.AsNoTracking()
            .Where(i => sopInstanceUids.Contains(i.SopInstanceUid))
            .Join(db.Series, i => i.SeriesKey, s => s.Id, (i, s) => new { i.Id, i.SopInstanceUid, i.StoredObject, s.StudyKey })
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => e.SopInstanceUid);
        var results = new RegistrationResult[instances.Count];
        var fresh = new List<int>();
        for (var i = 0; i < instances.Count; i++)
        {
            if (!existing.TryGetValue(sopInstanceUids[i], out var stored))
            {
                fresh.Add(i);
            }
            else if (stored.StoredObject.HasSameContentAs(instances[i].StoredObject))
            {
                results[i] = RegistrationResult.Registered(new InstanceRegistration(stored.Id, stored.StudyKey, RegistrationOutcome.AlreadyStored));
            }
            else
            {
                throw new ConflictException(
                    $"SOPInstanceUID {instances[i].SopInstanceUid} is already stored with different content", ConflictReasons.InstanceContentDiffers);
            }
        }

        if (fresh.Count == 0)
        {
            await auditTrail.RecordAsync(RegistrationAudit(instances), cancellationToken).ConfigureAwait(false);
            return results;
        }

        // The transaction is retried whole on a race, so EF's savepoint around SaveChanges would only cost two round trips.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.UtcNow;
        var hierarchy = new HierarchyRows();
        // Patients are locked in one order so that two groups naming the same patients cannot deadlock: unidentified
        // patients (empty Patient ID) first, by study, as reconciliation locks them before the real patient (0811);
        // then by Patient ID.
        var inLockOrder = fresh
            .OrderBy(i => instances[i].Patient.PatientId, StringComparer.Ordinal)
            .ThenBy(i => instances[i].Patient.PatientId.Length == 0 ? instances[i].StudyInstanceUid : string.Empty, StringComparer.Ordinal);
        foreach (var i in inLockOrder)
        {
            var metadata = instances[i];
            var (study, series) = await FileUnderAsync(metadata, hierarchy, now, cancellationToken).ConfigureAwait(false);
            var instance = series.AddInstance(new InstanceDescription(
                sopInstanceUids[i],
                DicomUid.Parse(metadata.SopClassUid, "SOPClassUID"),
                DicomUid.Parse(metadata.TransferSyntaxUid, "TransferSyntaxUID"),
                metadata.InstanceNumber,
                metadata.Image,
                metadata.Acquisition,
                metadata.Cardiac,
                metadata.StoredObject,
                HeaderIdentifierFilter.Strip(metadata.HeaderJson)));
            instance.Touch(now);
            db.Instances.Add(instance);
            analyses.Stage(db, instance.Id, series.Details, now);
            results[i] = RegistrationResult.Registered(new InstanceRegistration(instance.Id, study.Id, RegistrationOutcome.Created));
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await auditTrail.RecordAsync(RegistrationAudit(instances), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return results;
    }

    /// <summary>The patient, study and series rows a group has found or created so far, by their keys.</summary>
    private sealed class HierarchyRows
    {
        public Dictionary<(string PatientId, string? Issuer), Patient> Patients { get; } = [];

        public Dictionary<DicomUid, Study> Studies { get; } = [];

        public Dictionary<DicomUid, Series> Series { get; } = [];
    }

    /// <summary>
    /// Finds or creates the object's patient (locked), study and series and updates them from the object. Registrations
    /// for one patient are serialised on the patient row, so the study and series reads see one consistent hierarchy
    /// (under READ COMMITTED each statement would otherwise take its own snapshot).
    /// </summary>
    private async Task<(Study Study, Series Series)> FileUnderAsync(InstanceMetadata metadata, HierarchyRows rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var identity = metadata.Patient;
        var studyUid = DicomUid.Parse(metadata.StudyInstanceUid, "StudyInstanceUID");
        rows.Studies.TryGetValue(studyUid, out var study);
        Patient patient;
        if (identity.PatientId.Length == 0)
        {
            (patient, study) = await PatientOfEmptyIdAsync(studyUid, study, identity.IssuerOfPatientId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var key = (identity.PatientId, identity.IssuerOfPatientId);
            if (!rows.Patients.TryGetValue(key, out patient!))
            {
                patient = await PatientRows.FindOrCreateAsync(db, identity.PatientId, identity.IssuerOfPatientId, now, lockRow: true, cancellationToken).ConfigureAwait(false);
                rows.Patients[key] = patient;
            }

            study ??= await db.Studies.FirstOrDefaultAsync(s => s.StudyInstanceUid == studyUid, cancellationToken).ConfigureAwait(false);
        }

        // An unchanged patient row is not rewritten (nor its identifiers re-encrypted); it stays locked all the same.
        // An object with an empty Patient ID says nothing about the real patient its study was reconciled to.
        var describesPatient = identity.PatientId.Length > 0 || !patient.IsIdentified;
        if ((describesPatient && patient.UpdateDemographics(identity.PatientName, identity.BirthDate, identity.Sex)) || patient.CreatedAt == default)
        {
            patient.Touch(now);
        }

        if (study is null)
        {
            study = Study.Create(studyUid, patient);
            db.Studies.Add(study);
        }

        rows.Studies[studyUid] = study;
        study.EnsureBelongsTo(patient);
        study.Update(metadata.Study, metadata.PatientCharacteristics);
        study.Touch(now);

        var seriesUid = DicomUid.Parse(metadata.SeriesInstanceUid, "SeriesInstanceUID");
        if (!rows.Series.TryGetValue(seriesUid, out var series))
        {
            series = await db.Series.FirstOrDefaultAsync(s => s.SeriesInstanceUid == seriesUid, cancellationToken).ConfigureAwait(false);
            if (series is null)
            {
                series = study.AddSeries(seriesUid);
                db.Series.Add(series);
            }

            rows.Series[seriesUid] = series;
        }

        series.EnsureBelongsTo(study);
        series.Update(metadata.Series, metadata.Equipment);
        series.Touch(now);
        return (study, series);
    }

    /// <summary>
    /// The patient an object with an empty Patient ID is filed under: its study's patient, locked, or a new unidentified
    /// one for a new study. Never another study's: two unknown patients must not become one. The study's patient is
    /// unidentified, or the real patient the study was reconciled to (decision 0811); a study filed under an identified
    /// patient as it arrived refuses the object. Two first objects of one new study race on the study's unique key; the
    /// loser's patient row rolls back with it, and its retry finds the study.
    /// </summary>
    /// <param name="known">The study as this registration already holds it (with its patient, locked), if it does.</param>
    private async Task<(Patient Patient, Study? Study)> PatientOfEmptyIdAsync(DicomUid studyUid, Study? known, string? issuerOfPatientId, CancellationToken cancellationToken)
    {
        var ownerKey = known?.PatientKey ?? await StudyOwners.LockAsync(db, studyUid, cancellationToken).ConfigureAwait(false);
        if (ownerKey is null)
        {
            var patient = Patient.CreateUnidentified(issuerOfPatientId);
            db.Patients.Add(patient);
            return (patient, null);
        }

        var owner = known?.Patient ?? await db.Patients.SingleAsync(p => p.Id == ownerKey, cancellationToken).ConfigureAwait(false);
        var study = known ?? await db.Studies.SingleAsync(s => s.StudyInstanceUid == studyUid, cancellationToken).ConfigureAwait(false);
        if (owner.IsIdentified && study.ReconciledAt is null)
        {
            throw new DomainException($"StudyInstanceUID {studyUid} is filed under an identified patient; the object's PatientID (0010,0020) is empty");
        }

        return (owner, study);
    }

    private static AuditRecord RegistrationAudit(IReadOnlyList<InstanceMetadata> instances) =>
        new(AuditActions.InstanceRegister, "Instance", RegistrationAuditIds.Of(instances), AuditOutcome.Success);

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

    /// <summary>
    /// Another registration created the same patient, study, series or instance first, or PostgreSQL broke a lock cycle
    /// (on a row lock or at SaveChanges): the transaction rolled back whole, so try again.
    /// </summary>
    private static bool IsRetryable(Exception exception) =>
        (exception as PostgresException ?? exception.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected };
}

/// <summary>Stable reason codes for conflicts, documented for clients.</summary>
public static class ConflictReasons
{
    public const string InstanceContentDiffers = "instance-content-differs";
}
