using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Orders.CompleteOrder;

/// <summary>The technologist declares the acquisition complete (in progress → completed), based on the order's version <paramref name="ExpectedVersion"/>.</summary>
[RequiresAccess(AccessPolicies.OrdersWrite)]
public sealed record CompleteOrderCommand(Guid OrderId, int ExpectedVersion) : IRequest<OrderView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.OrderComplete;

    public string AuditResourceType => "ImagingOrder";

    public IReadOnlyList<string> AuditResourceIds => [OrderId.ToString()];
}
