using ClinicalImaging.Application.Audit;
using MediatR;

namespace ClinicalImaging.Application.Common.Security.ApiKeys;

/// <summary>Revokes an API key: the next request that presents it gets 401.</summary>
[RequiresAccess(AccessPolicies.Administration)]
public sealed record RevokeApiKeyCommand(Guid Id) : IRequest<Unit>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.ApiKeyRevoke;

    public string AuditResourceType => "ApiKey";

    public IReadOnlyList<string> AuditResourceIds => [Id.ToString()];
}
