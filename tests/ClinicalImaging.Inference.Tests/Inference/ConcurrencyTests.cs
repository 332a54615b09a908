using ClinicalImaging.Application.Inference;
using Xunit;

namespace ClinicalImaging.Inference.Tests.Inference;

[Collection(DemoModelsCollection.Name)]
public sealed class ConcurrencyTests(DemoModels models)
{
    [Fact]
    public async Task Parallel_analyses_on_shared_sessions_equal_serial_results()
    {
        CamMethod[] methods = [CamMethod.GradCam, CamMethod.GradCamPlusPlus, CamMethod.LayerCam, CamMethod.EigenCam];
        var requests = DemoModels.Models
            .SelectMany(id => models.Samples(id).Select(sample => models.LoadSample(id, sample)))
            .SelectMany(image => methods.Select(method => new InferenceRequest(image, null, new ExplanationRequest(method))))
            .ToArray();
        var serial = new List<InferenceResult>();
        foreach (var request in requests)
        {
            serial.Add(await models.Engine.AnalyzeAsync(request, CancellationToken.None));
        }

        var parallel = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => requests).Select(request =>
            Task.Run(() => models.Engine.AnalyzeAsync(request, CancellationToken.None))));

        for (int i = 0; i < parallel.Length; i++)
        {
            var expected = serial[i % requests.Length];
            var actual = parallel[i];
            Assert.Equal(expected.ModelId, actual.ModelId);
            Assert.Equal(expected.Probabilities, actual.Probabilities);
            Assert.Equal(expected.Findings, actual.Findings);
            Assert.Equal(expected.Explanation!.Heatmap, actual.Explanation!.Heatmap);
            Assert.Equal(expected.Explanation.OverlayPng, actual.Explanation.OverlayPng);
            Assert.Equal(expected.Explanation.Regions, actual.Explanation.Regions);
            Assert.Equal(expected.Explanation.Quality, actual.Explanation.Quality);
        }
    }
}
