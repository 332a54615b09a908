using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Orders.GetOrder;

/// <summary>One imaging order with its patient.</summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record GetOrderQuery(Guid OrderId) : IRequest<OrderView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.OrderRead;

    public string AuditResourceType => "ImagingOrder";

    public IReadOnlyList<string> AuditResourceIds => [OrderId.ToString()];
}
