using MediatR;

namespace ClinicalImaging.Application.Common.Security.ApiKeys;

public sealed class CreateApiKeyHandler(IApiKeyStore keys) : IRequestHandler<CreateApiKeyCommand, CreatedApiKey>
{
    public Task<CreatedApiKey> Handle(CreateApiKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return keys.CreateAsync(request.Name.Trim(), request.Scopes.Distinct(StringComparer.Ordinal).ToList(), request.ExpiresAt, cancellationToken);
    }
}
