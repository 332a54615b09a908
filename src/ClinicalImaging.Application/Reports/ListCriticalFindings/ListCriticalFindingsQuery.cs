using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reports.ListCriticalFindings;

/// <summary>Critical-finding notifications, oldest due first; by default only those still waiting for acknowledgement.</summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record ListCriticalFindingsQuery(bool OpenOnly, int Limit) : IRequest<IReadOnlyList<CriticalFindingView>>, IAuditedRequest
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.CriticalFindingList;

    public string AuditResourceType => "CriticalFindingNotification";

    public IReadOnlyList<string> AuditResourceIds => [];
}
