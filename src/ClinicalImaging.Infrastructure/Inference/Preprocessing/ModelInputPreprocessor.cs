using System.Buffers;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using ClinicalImaging.Infrastructure.Inference.Registry;

namespace ClinicalImaging.Infrastructure.Inference.Preprocessing;

/// <summary>
/// The manifest's preprocessing (decision 0404; reference: models/training/preprocessing.py), in float32 in the same
/// operation order as the numpy reference so the tensors agree to rounding: per channel a VOI step to [0, 1]
/// (window or percentile), MONOCHROME1 inversion, aspect-preserving bilinear resize (half-pixel centres, no
/// anti-aliasing) with centred padding, then (y − mean) / std, padding included.
/// </summary>
public static class ModelInputPreprocessor
{
    /// <summary>One NCHW tensor for many images: N x channels x size x size.</summary>
    public static (DenseTensor<float> Tensor, LetterboxGeometry[] Geometries) PreprocessBatch(IReadOnlyList<InferenceImage> images, ManifestPreprocessing spec)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(spec);
        if (images.Count == 0)
        {
            throw new ArgumentException("At least one image is needed.", nameof(images));
        }

        var imageLength = spec.Channels.Count * spec.InputSize * spec.InputSize;
        var buffer = new float[images.Count * imageLength];
        var geometries = new LetterboxGeometry[images.Count];
        for (int n = 0; n < images.Count; n++)
        {
            geometries[n] = Preprocess(images[n], spec, buffer.AsSpan(n * imageLength, imageLength));
        }

        return (new DenseTensor<float>(buffer, images.Count, spec.Channels.Count, spec.InputSize, spec.InputSize), geometries);
    }

    /// <summary>Writes channels x size x size values for one image into <paramref name="destination"/>.</summary>
    public static LetterboxGeometry Preprocess(InferenceImage image, ManifestPreprocessing spec, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(spec);
        var size = spec.InputSize;
        var plane = size * size;
        if (destination.Length != spec.Channels.Count * plane)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; {spec.Channels.Count} x {size} x {size} are needed.", nameof(destination));
        }

        var geometry = LetterboxGeometry.For(image.Rows, image.Columns, size);
        var pixelCount = image.Rows * image.Columns;
        var voi = ArrayPool<float>.Shared.Rent(pixelCount);
        try
        {
            for (int c = 0; c < spec.Channels.Count; c++)
            {
                var channel = destination.Slice(c * plane, plane);
                var mean = spec.Mean[c];
                var std = spec.Std[c];
                channel.Fill((spec.Resize.PadValueBeforeNormalisation - mean) / std);
                var values = voi.AsSpan(0, pixelCount);
                ApplyVoi(image.ModalityValues, spec.Channels[c], image.Photometric, values);
                BilinearResize.Resize(
                    values, image.Rows, image.Columns, channel[((geometry.Top * size) + geometry.Left)..], geometry.ResizedRows, geometry.ResizedColumns, size);
                for (int y = geometry.Top; y < geometry.Top + geometry.ResizedRows; y++)
                {
                    foreach (ref var v in channel.Slice((y * size) + geometry.Left, geometry.ResizedColumns))
                    {
                        v = (v - mean) / std;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(voi);
        }

        return geometry;
    }

    /// <summary>The VOI step of one channel to [0, 1], MONOCHROME1 inverted so that 1 is always bright.</summary>
    public static void ApplyVoi(ReadOnlySpan<float> modalityValues, ManifestChannel channel, PhotometricInterpretation photometric, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(channel);
        float lower, width;
        switch (channel.Type)
        {
            case "window":
                lower = channel.Center - (channel.Width / 2f);
                width = channel.Width;
                break;
            case "percentile":
                (lower, var upper) = Percentiles(modalityValues, channel.Lower, channel.Upper);
                width = upper - lower;
                break;
            default:
                throw new ModelManifestException($"preprocessing.channels.type '{channel.Type}' is unknown (window, percentile).");
        }

        var invert = photometric == PhotometricInterpretation.Monochrome1;
        if (!(width > 0))
        {
            // A flat image has no percentile range: the reference maps it to 0 (then MONOCHROME1 inverts it).
            destination.Fill(invert ? 1f : 0f);
            return;
        }

        for (int i = 0; i < modalityValues.Length; i++)
        {
            var y = Math.Clamp((modalityValues[i] - lower) / width, 0f, 1f);
            destination[i] = invert ? 1f - y : y;
        }
    }

    /// <summary>numpy's default ('linear') percentiles of all values: index p/100 · (n − 1), linear between neighbours.</summary>
    public static (float Lower, float Upper) Percentiles(ReadOnlySpan<float> values, double lowerPercent, double upperPercent)
    {
        var sorted = ArrayPool<float>.Shared.Rent(values.Length);
        try
        {
            var span = sorted.AsSpan(0, values.Length);
            values.CopyTo(span);
            span.Sort();
            return ((float)At(span, lowerPercent), (float)At(span, upperPercent));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(sorted);
        }

        static double At(ReadOnlySpan<float> sorted, double percent)
        {
            // numpy's virtual index for method 'linear' (alpha = beta = 1), in its operation order.
            var q = percent / 100;
            var index = (sorted.Length * q) + (1 + (q * -1)) - 1;
            var below = Math.Clamp((int)Math.Floor(index), 0, sorted.Length - 1);
            var above = Math.Min(below + 1, sorted.Length - 1);
            var t = index - below;
            double a = sorted[below], b = sorted[above];
            // numpy's _lerp: the form that is exact at t = 1 for the upper half.
            return t >= 0.5 ? b - ((b - a) * (1 - t)) : a + ((b - a) * t);
        }
    }
}
