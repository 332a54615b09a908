using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Studies.ReconcileStudy;

/// <summary>Moves a study filed under an unidentified patient to its real patient (docs/decisions/0811).</summary>
public interface IStudyReconciliation
{
    /// <summary>
    /// In one transaction, with the study's patient and the target patient locked: finds the identified patient with
    /// <paramref name="patient"/>'s Patient ID and issuer (an issuer of null means the one the study's objects carried)
    /// or creates it, fills in the demographics it lacks, re-parents the study, marks it reconciled, deletes the
    /// unidentified patient and records the audit event. Null when no study has this UID; a
    /// <see cref="Common.Exceptions.ConflictException"/> with a <see cref="ReconciliationConflicts"/> code when the study
    /// is not filed under an unidentified patient or the demographics contradict the patient's record.
    /// </summary>
    Task<StudyReconciliation?> ReconcileAsync(DicomUid studyInstanceUid, PatientIdentity patient, CancellationToken cancellationToken);
}

/// <param name="UnidentifiedPatientKey">The patient row the study left (deleted with the reconciliation).</param>
/// <param name="PatientKey">The identified patient the study is now filed under.</param>
public sealed record StudyReconciliation(Guid StudyKey, Guid UnidentifiedPatientKey, Guid PatientKey);

/// <summary>The reason codes of a refused reconciliation (HTTP 409), documented for clients in docs/archive-api.md.</summary>
public static class ReconciliationConflicts
{
    /// <summary>The study is filed under an identified patient (as it arrived, or by an earlier reconciliation).</summary>
    public const string StudyPatientIdentified = "study-patient-identified";

    /// <summary>A demographic in the request contradicts the existing patient's record; the record is never overwritten.</summary>
    public const string PatientDemographicsDiffer = "patient-demographics-differ";
}
