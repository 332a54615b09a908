using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Domain.Reports;
using MediatR;

namespace ClinicalImaging.Application.Reports.EditReport;

/// <summary>Replaces a draft's sections, based on the report's version <paramref name="ExpectedVersion"/>; a signed report refuses.</summary>
[RequiresAccess(AccessPolicies.ReportsWrite)]
public sealed record EditReportCommand(Guid ReportId, int ExpectedVersion, ReportSections Sections) : IRequest<ReportView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.ReportEdit;

    public string AuditResourceType => "RadiologyReport";

    public IReadOnlyList<string> AuditResourceIds => [ReportId.ToString()];
}
