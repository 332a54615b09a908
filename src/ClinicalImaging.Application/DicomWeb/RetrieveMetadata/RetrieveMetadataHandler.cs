using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using MediatR;

namespace ClinicalImaging.Application.DicomWeb.RetrieveMetadata;

public sealed class RetrieveMetadataHandler(IStudyStore studies) : IRequestHandler<RetrieveMetadataQuery, IReadOnlyList<StoredInstanceHeader>>
{
    public async Task<IReadOnlyList<StoredInstanceHeader>> Handle(RetrieveMetadataQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = await studies.FindInstanceHeadersAsync(request.Scope, cancellationToken);
        return headers.Count > 0 ? headers : throw new NotFoundException($"No instances of {request.Scope.Describe()} are stored");
    }
}
