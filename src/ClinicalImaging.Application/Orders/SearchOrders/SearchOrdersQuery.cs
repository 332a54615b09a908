using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Orders.SearchOrders;

/// <summary>Imaging orders by status, modality, priority, patient and scheduled time; newest scheduled first.</summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record SearchOrdersQuery(OrderSearch Search) : IRequest<IReadOnlyList<OrderView>>, IAuditedRequest
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.OrderSearch;

    public string AuditResourceType => "ImagingOrder";

    /// <summary>A searched Patient ID is patient data: the record says that one was searched, not which.</summary>
    public IReadOnlyList<string> AuditResourceIds => Search?.PatientId is null ? [] : ["patientId"];
}
