using FluentValidation;

namespace ClinicalImaging.Application.Common.Security.ApiKeys;

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
