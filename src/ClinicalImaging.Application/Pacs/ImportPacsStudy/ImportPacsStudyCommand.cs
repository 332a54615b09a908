using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Ingest.StoreInstance;
using MediatR;

namespace ClinicalImaging.Application.Pacs.ImportPacsStudy;

/// <summary>
/// Files a study of the PACS in this archive, instance by instance through the ingest use case
/// (<see cref="StoreInstancesCommand"/>), so an import is checked, indexed and audited like any other ingest and
/// importing again changes nothing (<see cref="StoreOutcome.AlreadyStored"/>). With <paramref name="FromModality"/>,
/// the PACS first fetches the study from that remote modality by C-MOVE (a retrieve), then it is imported.
/// </summary>
/// <param name="Study">The PACS's id of the study or its Study Instance UID; a UID when <paramref name="FromModality"/> is given.</param>
/// <param name="FromModality">A remote modality as the PACS names it in its configuration; null to import what the PACS holds.</param>
[RequiresAccess(AccessPolicies.PacsImport)]
public sealed record ImportPacsStudyCommand(string Study, string? FromModality = null) : IRequest<PacsImportResult>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.PacsStudyImport;

    public string AuditResourceType => "PacsStudy";

    public IReadOnlyList<string> AuditResourceIds => [Study];
}

/// <summary>The import of one study: counts, then each instance's ingest result.</summary>
/// <param name="StudyId">The PACS's id of the study.</param>
public sealed record PacsImportResult(
    string StudyId,
    string StudyInstanceUid,
    int Stored,
    int AlreadyStored,
    int Failed,
    IReadOnlyList<PacsImportedInstance> Instances);

/// <param name="InstanceId">The PACS's id of the instance.</param>
public sealed record PacsImportedInstance(string InstanceId, StoreInstanceResult Result);
