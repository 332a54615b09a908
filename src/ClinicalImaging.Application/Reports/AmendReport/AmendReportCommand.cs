using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reports.AmendReport;

/// <summary>Starts an amendment of a signed report: a new draft version, linked to it and starting from its sections.</summary>
[RequiresAccess(AccessPolicies.ReportsWrite)]
public sealed record AmendReportCommand(Guid ReportId) : IRequest<ReportView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.ReportAmend;

    public string AuditResourceType => "RadiologyReport";

    public IReadOnlyList<string> AuditResourceIds => [ReportId.ToString()];
}
