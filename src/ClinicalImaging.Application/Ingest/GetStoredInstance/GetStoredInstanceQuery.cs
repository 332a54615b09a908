using ClinicalImaging.Application.DicomWeb;
using MediatR;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;

namespace ClinicalImaging.Application.Ingest.GetStoredInstance;

/// <summary>Where the original object of an instance (by the archive's id) is; not found when unknown.</summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record GetStoredInstanceQuery(Guid InstanceId) : IRequest<StoredInstance>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.InstanceDownload;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => [InstanceId.ToString()];
}

