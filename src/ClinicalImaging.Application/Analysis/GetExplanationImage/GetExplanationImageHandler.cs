using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using MediatR;

namespace ClinicalImaging.Application.Analysis.GetExplanationImage;

public sealed class GetExplanationImageHandler(IInferenceResultStore results, IBlobStore blobs) : IRequestHandler<GetExplanationImageQuery, Stream>
{
    /// <summary>The PNG, open for reading; the caller disposes it.</summary>
    public async Task<Stream> Handle(GetExplanationImageQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = await results.GetExplanationImageKeyAsync(request.ResultId, request.Image, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException($"Inference result {request.ResultId} has no {request.Image.ToString().ToLowerInvariant()}");
        return blobs.OpenRead(key);
    }
}
