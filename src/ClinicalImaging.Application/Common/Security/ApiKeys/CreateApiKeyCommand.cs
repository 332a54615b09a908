using ClinicalImaging.Application.Audit;
using MediatR;

namespace ClinicalImaging.Application.Common.Security.ApiKeys;

/// <summary>A new API key for a machine, with the roles or scopes it may use.</summary>
[RequiresAccess(AccessPolicies.Administration)]
public sealed record CreateApiKeyCommand(string Name, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt) : IRequest<CreatedApiKey>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.ApiKeyCreate;

    public string AuditResourceType => "ApiKey";

    public IReadOnlyList<string> AuditResourceIds => [];
}
