namespace ClinicalImaging.Infrastructure.Inference.Explainability;

/// <summary>
/// Score-CAM (Wang et al. 2020; pytorch-grad-cam's ScoreCAM): each activation channel, upsampled to the input and
/// min-max normalised, masks the (normalised) input; the target score of each masked input, through a softmax over
/// channels, weights the channels. Gradient-free: it costs one forward pass per channel, run in batches.
/// </summary>
public static class ScoreCam
{
    /// <param name="activations">One image's activations, C x h x w.</param>
    /// <param name="input">The model input of that image, inputChannels x size x size.</param>
    /// <param name="scoreBatch">Runs a batch of inputs (count x inputChannels x size x size) and returns the target score of each.</param>
    /// <param name="batchSize">Masked inputs per run.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The raw map, h x w, before the ReLU of the post-processing.</returns>
    public static float[] Compute(
        ReadOnlySpan<float> activations,
        int channels,
        int height,
        int width,
        ReadOnlySpan<float> input,
        int inputChannels,
        int size,
        Func<float[], int, float[]> scoreBatch,
        int batchSize,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scoreBatch);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var plane = height * width;
        var inputPlane = size * size;
        var inputLength = inputChannels * inputPlane;
        var scores = new double[channels];
        for (int first = 0; first < channels; first += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, channels - first);
            var batch = new float[count * inputLength];
            for (int n = 0; n < count; n++)
            {
                var mask = CamPostProcessing.Resize(activations.Slice((first + n) * plane, plane), height, width, size, size);
                MinMaxInPlace(mask);
                var masked = batch.AsSpan(n * inputLength, inputLength);
                for (int c = 0; c < inputChannels; c++)
                {
                    var source = input.Slice(c * inputPlane, inputPlane);
                    var target = masked.Slice(c * inputPlane, inputPlane);
                    for (int p = 0; p < inputPlane; p++)
                    {
                        target[p] = source[p] * mask[p];
                    }
                }
            }

            var batchScores = scoreBatch(batch, count);
            for (int n = 0; n < count; n++)
            {
                scores[first + n] = batchScores[n];
            }
        }

        // Softmax over channels of the target scores.
        var max = scores.Max();
        var exp = scores.Select(s => Math.Exp(s - max)).ToArray();
        var total = exp.Sum();
        var weights = exp.Select(e => (float)(e / total)).ToArray();
        return CamWeights.WeightedSum(activations, weights, plane);
    }

    /// <summary>(x − min) / (max − min); a constant channel becomes an all-zero mask (pytorch-grad-cam divides by zero there).</summary>
    private static void MinMaxInPlace(Span<float> values)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var range = max - min;
        foreach (ref var v in values)
        {
            v = range > 0 ? (v - min) / range : 0;
        }
    }
}
