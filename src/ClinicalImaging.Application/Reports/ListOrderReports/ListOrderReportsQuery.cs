using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reports.ListOrderReports;

/// <summary>Every version of an order's report, oldest first: the original, then each amendment.</summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record ListOrderReportsQuery(Guid OrderId) : IRequest<IReadOnlyList<ReportView>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.ReportRead;

    public string AuditResourceType => "ImagingOrder";

    public IReadOnlyList<string> AuditResourceIds => [OrderId.ToString()];
}
