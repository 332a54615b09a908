using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reports.SignReport;

/// <summary>
/// Signs a draft, based on its version <paramref name="ExpectedVersion"/>: the report becomes immutable, the report it
/// amends (if any) is superseded, the order is reported, and a critical finding raises a notification.
/// </summary>
[RequiresAccess(AccessPolicies.ReportsWrite)]
public sealed record SignReportCommand(Guid ReportId, int ExpectedVersion) : IRequest<ReportView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.ReportSign;

    public string AuditResourceType => "RadiologyReport";

    public IReadOnlyList<string> AuditResourceIds => [ReportId.ToString()];
}
