using MediatR;

namespace ClinicalImaging.Application.Common.Security.ApiKeys;

public sealed class ListApiKeysHandler(IApiKeyStore keys) : IRequestHandler<ListApiKeysQuery, IReadOnlyList<ApiKeyView>>
{
    public Task<IReadOnlyList<ApiKeyView>> Handle(ListApiKeysQuery request, CancellationToken cancellationToken) => keys.ListAsync(cancellationToken);
}
