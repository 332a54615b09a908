using ClinicalImaging.Application.Common.Exceptions;
using MediatR;

namespace ClinicalImaging.Application.Common.Security.ApiKeys;

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
