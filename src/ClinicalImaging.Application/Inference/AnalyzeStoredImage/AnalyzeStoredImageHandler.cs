using MediatR;

namespace ClinicalImaging.Application.Inference.AnalyzeStoredImage;

public sealed class AnalyzeStoredImageHandler(InferenceImageLoader loader, ImageAnalyzer analyzer) : IRequestHandler<AnalyzeStoredImageQuery, ImageAnalysis>
{
    public async Task<ImageAnalysis> Handle(AnalyzeStoredImageQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var loaded = await loader.LoadStoredAsync(request.InstanceId, request.Options.Frame, cancellationToken).ConfigureAwait(false);
        return await analyzer.AnalyzeAsync(loaded.Image, loaded.Source, request.Options, loaded.ReadTime, cancellationToken).ConfigureAwait(false);
    }
}
