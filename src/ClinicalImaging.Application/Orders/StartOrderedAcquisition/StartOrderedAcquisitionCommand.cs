using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Orders.StartOrderedAcquisition;

/// <summary>
/// Images of the archived study <paramref name="StudyKey"/> arrived: the scheduled order with the same accession
/// number and patient, if any, is now in progress. Idempotent; sent by <see cref="OrderMatcher"/> after a registration or a reconciliation.
/// </summary>
[RequiresAccess(AccessPolicies.ImagingWrite)]
public sealed record StartOrderedAcquisitionCommand(Guid StudyKey) : IRequest<Guid?>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.OrderStart;

    public string AuditResourceType => "ImagingOrder";

    public IReadOnlyList<string> AuditResourceIds => [StudyKey.ToString()];
}
