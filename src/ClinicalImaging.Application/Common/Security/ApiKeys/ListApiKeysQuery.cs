using ClinicalImaging.Application.Audit;
using MediatR;

namespace ClinicalImaging.Application.Common.Security.ApiKeys;

/// <summary>Every API key, revoked ones included, without secrets.</summary>
[RequiresAccess(AccessPolicies.Administration)]
public sealed record ListApiKeysQuery : IRequest<IReadOnlyList<ApiKeyView>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.ApiKeyList;

    public string AuditResourceType => "ApiKey";

    public IReadOnlyList<string> AuditResourceIds => [];
}
