using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Audit.SearchAuditEvents;

/// <summary>Audit events matching the filters, newest first, one keyset page at a time. Reading the trail is itself audited.</summary>
[RequiresAccess(AccessPolicies.AuditRead)]
public sealed record SearchAuditEventsQuery(AuditSearch Search) : IRequest<AuditPage>, IAuditedRequest
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.AuditSearch;

    public string AuditResourceType => "AuditEvent";

    public IReadOnlyList<string> AuditResourceIds => [];
}
