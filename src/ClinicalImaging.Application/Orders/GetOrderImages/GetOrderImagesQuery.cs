using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Studies;
using MediatR;

namespace ClinicalImaging.Application.Orders.GetOrderImages;

/// <summary>The series (with their images) that arrived for an order; none while it is scheduled.</summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record GetOrderImagesQuery(Guid OrderId) : IRequest<IReadOnlyList<SeriesView>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.OrderImagesRead;

    public string AuditResourceType => "ImagingOrder";

    public IReadOnlyList<string> AuditResourceIds => [OrderId.ToString()];
}
