using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Domain.Common;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.Infrastructure.Jobs;
using ClinicalImaging.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ClinicalImaging.Infrastructure.Persistence.Registration;

/// <summary>The objects one request registers, and who asked (for its audit event).</summary>
public sealed record RegistrationSubmission(IReadOnlyList<InstanceMetadata> Instances, AuditActor Actor);

/// <summary>
/// Files submissions' objects in the archive index (Patient → Study → Series → Instance) in one transaction when
/// they fit together; an object refused for a reason of its own (a conflict, a hierarchy clash) spoils nobody else's
/// registration. Each submission gets its own audit event, inside the transaction, under its own actor.
/// </summary>
public sealed class InstanceRegistrar(ClinicalImagingDbContext db, IClock clock, IngestAnalysisOutbox analyses)
{
    /// <summary>Two patients' objects claiming one study or series UID race on its unique key; the loser retries and then sees the clash.</summary>
    private const int MaxAttempts = 4;

    /// <summary>The results of each submission, in order, one per object.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<RegistrationResult>>> RegisterAsync(
        IReadOnlyList<RegistrationSubmission> submissions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        // One pooled connection for every statement and transaction of this registration (EF would return and take
        // one around each statement outside a transaction); the scope's disposal gives it back.
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var count = submissions.Sum(s => s.Instances.Count);
        var sentTwice = submissions.SelectMany(s => s.Instances).Select(m => m.SopInstanceUid).Distinct(StringComparer.Ordinal).Count() < count;
        if (count == 1 || !sentTwice)
        {
            try
            {
                return Split(await RegisterWithRetriesAsync(submissions, cancellationToken).ConfigureAwait(false), submissions);
            }
            catch (Exception refusal) when (refusal is DomainException or ConflictException)
            {
                if (count == 1)
                {
                    return [[RegistrationResult.Refused(refusal)]];
                }
            }
        }

        // One object spoils the group (a hierarchy clash, a conflict) or an instance comes twice: each submission on its
        // own, then one transaction per object, so every object gets its own answer and a second copy finds the first.
        var results = new List<IReadOnlyList<RegistrationResult>>(submissions.Count);
        foreach (var submission in submissions)
        {
            if (submissions.Count > 1)
            {
                results.Add((await RegisterAsync([submission], cancellationToken).ConfigureAwait(false))[0]);
                continue;
            }

            var each = new List<RegistrationResult>(submission.Instances.Count);
            foreach (var instance in submission.Instances)
            {
                each.Add((await RegisterAsync([submission with { Instances = [instance] }], cancellationToken).ConfigureAwait(false))[0][0]);
            }

            results.Add(each);
        }

        return results;
    }

    private static List<IReadOnlyList<RegistrationResult>> Split(IReadOnlyList<RegistrationResult> results, IReadOnlyList<RegistrationSubmission> submissions)
    {
        var split = new List<IReadOnlyList<RegistrationResult>>(submissions.Count);
        var offset = 0;
        foreach (var submission in submissions)
        {
            split.Add(results.Skip(offset).Take(submission.Instances.Count).ToList());
            offset += submission.Instances.Count;
        }

        return split;
    }

    private async Task<IReadOnlyList<RegistrationResult>> RegisterWithRetriesAsync(IReadOnlyList<RegistrationSubmission> submissions, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // New objects are the rule: the first attempt inserts them without asking which are stored already, and the
                // unique key on the SOP Instance UID refuses one that is; the attempts after that ask first.
                return await RegisterOnceAsync(submissions, lookUpStored: attempt > 1, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (attempt < MaxAttempts && IsRetryable(exception))
            {
                db.ChangeTracker.Clear();
            }
            catch
            {
                // Registrations share this context one after another: a failed one must leave nothing tracked.
                db.ChangeTracker.Clear();
                throw;
            }
        }
    }

    /// <summary>
    /// Registers the group in one transaction: with <paramref name="lookUpStored"/>, one query for the instances already
    /// stored first (without it, one of them fails the insert and the attempt); each patient, study and series looked up
    /// once, one batch of inserts and updates, one audit event per submission naming its studies and instances.
    /// </summary>
    private async Task<IReadOnlyList<RegistrationResult>> RegisterOnceAsync(
        IReadOnlyList<RegistrationSubmission> submissions, bool lookUpStored, CancellationToken cancellationToken)
    {
        var instances = submissions.SelectMany(s => s.Instances).ToList();
        var sopInstanceUids = instances.Select(m => DicomUid.Parse(m.SopInstanceUid, "SOPInstanceUID")).ToList();
        var existing = lookUpStored ? await StoredCopiesAsync(sopInstanceUids, cancellationToken).ConfigureAwait(false) : [];
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
            StageAudit(submissions);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
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

        StageAudit(submissions);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return results;
    }

    /// <summary>
    /// Adds each submission's audit event to the registration's own batch of inserts (no round trip of its own; this
    /// context registers nothing else, and a failed attempt clears it).
    /// </summary>
    private void StageAudit(IReadOnlyList<RegistrationSubmission> submissions)
    {
        var now = clock.UtcNow;
        foreach (var submission in submissions)
        {
            var record = new AuditRecord(AuditActions.InstanceRegister, "Instance", RegistrationAuditIds.Of(submission.Instances), AuditOutcome.Success);
            db.AuditEvents.Add(submission.Actor.ToEvent(record, now));
        }
    }

    /// <summary>The instances already in the archive under these SOP Instance UIDs, by UID.</summary>
    private async Task<Dictionary<DicomUid, StoredCopy>> StoredCopiesAsync(List<DicomUid> sopInstanceUids, CancellationToken cancellationToken) =>
        (await db.Instances.AsNoTracking()
            .Where(i => sopInstanceUids.Contains(i.SopInstanceUid))
            .Join(db.Series, i => i.SeriesKey, s => s.Id, (i, s) => new StoredCopy(i.Id, i.SopInstanceUid, i.StoredObject, s.StudyKey))
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => e.SopInstanceUid);

    /// <summary>An instance already in the archive under a SOP Instance UID the group brings again.</summary>
    private sealed record StoredCopy(Guid Id, DicomUid SopInstanceUid, StoredObject StoredObject, Guid StudyKey);

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
        var seriesUid = DicomUid.Parse(metadata.SeriesInstanceUid, "SeriesInstanceUID");
        rows.Studies.TryGetValue(studyUid, out var study);
        Series? series = null;
        var seriesKnownMissing = false;
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

            if (study is null)
            {
                // The study and the series in one round trip (the series may be missing, or another study's: checked below).
                var found = await db.Studies
                    .Where(s => s.StudyInstanceUid == studyUid)
                    .Select(s => new { Study = s, Series = db.Series.FirstOrDefault(x => x.SeriesInstanceUid == seriesUid) })
                    .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                study = found?.Study;
                series = found?.Series;
                seriesKnownMissing = found is not null && series is null;
                if (series is not null)
                {
                    rows.Series[seriesUid] = series;
                }
            }
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

        if (!rows.Series.TryGetValue(seriesUid, out series))
        {
            series = seriesKnownMissing
                ? null
                : await db.Series.FirstOrDefaultAsync(s => s.SeriesInstanceUid == seriesUid, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Another registration created the same patient, study, series or instance first, or PostgreSQL broke a lock cycle
    /// (on a row lock or at SaveChanges): the transaction rolled back whole, so try again.
    /// </summary>
    private static bool IsRetryable(Exception exception) =>
        (exception as PostgresException ?? exception.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected };
}
