using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reports.GetReport;

/// <summary>One version of a radiology report.</summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record GetReportQuery(Guid ReportId) : IRequest<ReportView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.ReportRead;

    public string AuditResourceType => "RadiologyReport";

    public IReadOnlyList<string> AuditResourceIds => [ReportId.ToString()];
}
