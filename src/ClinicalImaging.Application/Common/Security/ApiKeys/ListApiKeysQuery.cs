using ClinicalImaging.Application.Audit;
using FluentValidation;
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

public sealed class ListApiKeysHandler(IApiKeyStore keys) : IRequestHandler<ListApiKeysQuery, IReadOnlyList<ApiKeyView>>
{
    public Task<IReadOnlyList<ApiKeyView>> Handle(ListApiKeysQuery request, CancellationToken cancellationToken) => keys.ListAsync(cancellationToken);
}

/// <summary>The query has no parameters; the validator exists so that every request has one.</summary>
public sealed class ListApiKeysValidator : AbstractValidator<ListApiKeysQuery>;
