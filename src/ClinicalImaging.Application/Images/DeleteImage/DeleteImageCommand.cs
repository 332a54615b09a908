using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Images.DeleteImage;

/// <summary>
/// Removes one image from the archive: its row, then its series, study and patient where they are left empty, in one
/// transaction with the audit record; then its object, when no other row refers to the same bytes. Irreversible.
/// </summary>
[RequiresAccess(AccessPolicies.ImagingDelete)]
public sealed record DeleteImageCommand(Guid InstanceId) : IRequest<DeletedImage>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.InstanceDelete;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => [InstanceId.ToString()];
}
