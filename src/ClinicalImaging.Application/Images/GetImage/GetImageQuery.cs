using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Images.GetImage;

/// <summary>One image's metadata (no direct identifiers: the view holds none), by the archive's id.</summary>
[RequiresAccess(AccessPolicies.ImagingMetadataRead)]
public sealed record GetImageQuery(Guid InstanceId) : IRequest<ImageView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.InstanceRead;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => [InstanceId.ToString()];
}
