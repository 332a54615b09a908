using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Domain.Orders;
using MediatR;

namespace ClinicalImaging.Application.Orders.ScheduleOrder;

/// <summary>
/// Places an imaging order for a patient: a scheduled study whose images will be matched to it by accession number
/// and patient. Without an accession number the service assigns one. The patient row is created if the patient has
/// no images yet, so orders and images share one encrypted patient record.
/// </summary>
[RequiresAccess(AccessPolicies.OrdersWrite)]
public sealed record ScheduleOrderCommand(PatientIdentity Patient, string? AccessionNumber, OrderDetails Order) : IRequest<OrderView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.OrderSchedule;

    public string AuditResourceType => "ImagingOrder";

    /// <summary>The order number identifies the request, not the patient; the patient is recorded by the order's key on success.</summary>
    public IReadOnlyList<string> AuditResourceIds => Order is null ? [] : [Order.OrderNumber];
}
