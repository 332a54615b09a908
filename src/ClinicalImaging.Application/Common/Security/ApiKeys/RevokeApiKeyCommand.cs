using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Exceptions;
using FluentValidation;
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

public sealed class RevokeApiKeyHandler(IApiKeyStore keys) : IRequestHandler<RevokeApiKeyCommand, Unit>
{
    public async Task<Unit> Handle(RevokeApiKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await keys.RevokeAsync(request.Id, cancellationToken).ConfigureAwait(false)
            ? Unit.Value
            : throw new NotFoundException("API key", request.Id.ToString());
    }
}

public sealed class RevokeApiKeyValidator : AbstractValidator<RevokeApiKeyCommand>
{
    public RevokeApiKeyValidator() => RuleFor(c => c.Id).NotEmpty();
}
