using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Studies.GetStudy;

/// <summary>One study, by Study Instance UID, with its patient, series and instances.</summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record GetStudyQuery(string StudyInstanceUid) : IRequest<StudyView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.StudyRead;

    public string AuditResourceType => "Study";

    public IReadOnlyList<string> AuditResourceIds => [StudyInstanceUid];
}
