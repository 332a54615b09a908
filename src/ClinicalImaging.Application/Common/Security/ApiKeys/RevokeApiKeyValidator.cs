using FluentValidation;

namespace ClinicalImaging.Application.Common.Security.ApiKeys;

public sealed class RevokeApiKeyValidator : AbstractValidator<RevokeApiKeyCommand>
{
    public RevokeApiKeyValidator() => RuleFor(c => c.Id).NotEmpty();
}
