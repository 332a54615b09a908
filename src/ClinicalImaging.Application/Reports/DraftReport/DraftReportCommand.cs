using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Domain.Reports;
using MediatR;

namespace ClinicalImaging.Application.Reports.DraftReport;

/// <summary>
/// Starts the report on an order whose images have arrived. Without <paramref name="Sections"/>, the draft is written
/// from the order and its reviewed AI results: technique from the order, findings from each final review.
/// </summary>
[RequiresAccess(AccessPolicies.ReportsWrite)]
public sealed record DraftReportCommand(Guid OrderId, ReportSections? Sections) : IRequest<ReportView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.ReportDraft;

    public string AuditResourceType => "RadiologyReport";

    public IReadOnlyList<string> AuditResourceIds => [OrderId.ToString()];
}
