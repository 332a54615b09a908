using MediatR;

namespace ClinicalImaging.Application.Inference.AnalyzeUploadedImage;

public sealed class AnalyzeUploadedImageHandler(InferenceImageLoader loader, ImageAnalyzer analyzer) : IRequestHandler<AnalyzeUploadedImageCommand, ImageAnalysis>
{
    public async Task<ImageAnalysis> Handle(AnalyzeUploadedImageCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var loaded = await loader.LoadUploadedAsync(request.Content, request.FileName, request.Options.Frame, cancellationToken).ConfigureAwait(false);
        return await analyzer.AnalyzeAsync(loaded.Image, loaded.Source, request.Options, loaded.ReadTime, cancellationToken).ConfigureAwait(false);
    }
}
