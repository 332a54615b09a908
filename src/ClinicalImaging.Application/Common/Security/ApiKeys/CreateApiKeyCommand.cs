using ClinicalImaging.Application.Audit;
using FluentValidation;
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

public sealed class CreateApiKeyHandler(IApiKeyStore keys) : IRequestHandler<CreateApiKeyCommand, CreatedApiKey>
{
    public Task<CreatedApiKey> Handle(CreateApiKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return keys.CreateAsync(request.Name.Trim(), request.Scopes.Distinct(StringComparer.Ordinal).ToList(), request.ExpiresAt, cancellationToken);
    }
}

public sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyValidator(TimeProvider time)
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(128);
        RuleFor(c => c.Scopes).NotEmpty().WithMessage("an API key needs at least one role or scope");
        RuleForEach(c => c.Scopes)
            .Must(s => Roles.All.Contains(s) || Security.Scopes.All.Contains(s))
            .WithMessage((_, s) => $"'{s}' is neither a role ({string.Join(", ", Roles.All.Order(StringComparer.Ordinal))}) nor a scope ({string.Join(", ", Security.Scopes.All)})");
        RuleFor(c => c.ExpiresAt).GreaterThan(_ => time.GetUtcNow()).When(c => c.ExpiresAt is not null)
            .WithMessage("expiresAt must be in the future");
    }
}
