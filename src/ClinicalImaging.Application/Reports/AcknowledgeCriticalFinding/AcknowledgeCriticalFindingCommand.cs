using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reports.AcknowledgeCriticalFinding;

/// <summary>The referring clinician confirms receipt of a critical finding, based on the notification's version <paramref name="ExpectedVersion"/>.</summary>
[RequiresAccess(AccessPolicies.CriticalFindingsAcknowledge)]
public sealed record AcknowledgeCriticalFindingCommand(Guid NotificationId, int ExpectedVersion) : IRequest<CriticalFindingView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.CriticalFindingAcknowledge;

    public string AuditResourceType => "CriticalFindingNotification";

    public IReadOnlyList<string> AuditResourceIds => [NotificationId.ToString()];
}
