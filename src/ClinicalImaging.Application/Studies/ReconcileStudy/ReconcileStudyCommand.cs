using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Studies.ReconcileStudy;

/// <summary>
/// Files a study that arrived with an empty Patient ID under its real patient: the identified patient with this Patient
/// ID and issuer, or a new one. The stored objects keep their bytes; the index (and so every search, view and metadata
/// answer) follows. Audited with the Study Instance UID and patient keys, never the Patient ID or demographics.
/// </summary>
/// <param name="IssuerOfPatientId">Null: the issuer the study's objects carried (usually none); "" names no issuer.</param>
/// <param name="BirthDate">YYYY-MM-DD.</param>
/// <param name="Sex">M, F or O (DICOM Patient's Sex).</param>
[RequiresAccess(AccessPolicies.PatientsReconcile)]
public sealed record ReconcileStudyCommand(
    string StudyInstanceUid, string PatientId, string? IssuerOfPatientId = null, string? PatientName = null, string? BirthDate = null, string? Sex = null)
    : IRequest<StudyView>, IAuditedRequest
{
    public const string BirthDateFormat = "yyyy-MM-dd";

    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.StudyReconcile;

    public string AuditResourceType => "Study";

    public IReadOnlyList<string> AuditResourceIds => [StudyInstanceUid];
}
