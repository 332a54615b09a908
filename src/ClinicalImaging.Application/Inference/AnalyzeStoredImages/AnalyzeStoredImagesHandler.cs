using System.Diagnostics;
using MediatR;

namespace ClinicalImaging.Application.Inference.AnalyzeStoredImages;

/// <summary>
/// Reads the images a chunk at a time (decoded frames can be tens of megabytes each), groups each chunk by model and
/// runs every group as one batch.
/// </summary>
public sealed class AnalyzeStoredImagesHandler(InferenceImageLoader loader, ImageAnalyzer analyzer, IInferenceEngine engine)
    : IRequestHandler<AnalyzeStoredImagesQuery, BatchAnalysis>
{
    /// <summary>Images decoded and held at once.</summary>
    public const int ChunkSize = 8;

    public async Task<BatchAnalysis> Handle(AnalyzeStoredImagesQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var results = new ImageAnalysis[request.InstanceIds.Count];
        TimeSpan readTime = TimeSpan.Zero, modelTime = TimeSpan.Zero;
        foreach (var chunk in request.InstanceIds.Select((id, position) => (id, position)).Chunk(ChunkSize))
        {
            var loaded = new List<(int Position, LoadedImage Image, string ModelId)>(chunk.Length);
            foreach (var (id, position) in chunk)
            {
                var image = await loader.LoadStoredAsync(id, request.Frame, cancellationToken).ConfigureAwait(false);
                readTime += image.ReadTime;
                loaded.Add((position, image, analyzer.ResolveModel(image.Image, request.Model).Id));
            }

            foreach (var group in loaded.GroupBy(l => l.ModelId, StringComparer.Ordinal))
            {
                var members = group.ToArray();
                var runStarted = Stopwatch.GetTimestamp();
                var scored = await engine.AnalyzeBatchAsync(group.Key, members.Select(m => m.Image.Image).ToArray(), cancellationToken).ConfigureAwait(false);
                modelTime += Stopwatch.GetElapsedTime(runStarted);
                for (int i = 0; i < members.Length; i++)
                {
                    results[members[i].Position] = ImageAnalyzer.Summarize(scored[i], members[i].Image.Source, timings: null);
                }
            }
        }

        return new BatchAnalysis(results, new BatchTimings(readTime.TotalMilliseconds, modelTime.TotalMilliseconds, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }
}
