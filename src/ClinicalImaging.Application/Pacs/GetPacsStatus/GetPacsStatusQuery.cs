using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Pacs.GetPacsStatus;

/// <summary>Whether the PACS answers, and what it is. No patient data, but audited as every imaging-metadata read is.</summary>
[RequiresAccess(AccessPolicies.ImagingMetadataRead)]
public sealed record GetPacsStatusQuery : IRequest<PacsSystemInfo>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.PacsStatusRead;

    public string AuditResourceType => "Pacs";

    public IReadOnlyList<string> AuditResourceIds => [];
}
