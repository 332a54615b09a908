using System.Buffers;
using System.Numerics;
using ClinicalImaging.Infrastructure.Inference.Preprocessing;

namespace ClinicalImaging.Infrastructure.Inference.Explainability;

/// <summary>
/// pytorch-grad-cam's post-processing (BaseCAM.compute_cam_per_layer, aggregate_multi_layers, scale_cam_image):
/// ReLU, per-image min-max ((x − min) / (max + 1e-7) after subtracting min), bilinear upsampling to the input size;
/// several layers are averaged and scaled again. Then the map is carried back through the letterbox into the
/// original image's pixel grid.
/// </summary>
public static class CamPostProcessing
{
    private const float Epsilon = 1e-7f;

    /// <summary>ReLU, min-max and upsampling of one layer's raw map (h x w) to size x size.</summary>
    public static float[] ScaleToInput(float[] rawMap, int height, int width, int size)
    {
        ArgumentNullException.ThrowIfNull(rawMap);
        var map = ArrayPool<float>.Shared.Rent(rawMap.Length);
        try
        {
            var values = map.AsSpan(0, rawMap.Length);
            Relu(rawMap, values);
            MinMax(values);
            return Resize(values, height, width, size, size);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(map);
        }
    }

    /// <summary>Fuses several layers' scaled maps (each size x size): element-wise mean, ReLU, min-max.</summary>
    public static float[] Fuse(IReadOnlyList<float[]> scaledMaps)
    {
        ArgumentNullException.ThrowIfNull(scaledMaps);
        if (scaledMaps.Count == 1)
        {
            return scaledMaps[0];
        }

        var fused = new float[scaledMaps[0].Length];
        foreach (var map in scaledMaps)
        {
            for (int p = 0; p < fused.Length; p++)
            {
                fused[p] += map[p] / scaledMaps.Count;
            }
        }

        MinMax(fused);
        return fused;
    }

    /// <summary>scale_cam_image's normalisation: subtract the minimum, divide by the new maximum + 1e-7.</summary>
    public static void MinMax(Span<float> map)
    {
        if (map.IsEmpty)
        {
            return;
        }

        var (min, max) = Range(map);
        // max(v − min) is max − min, as the reference's second pass finds it.
        var divisor = Epsilon + (max - min);
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var minVector = new Vector<float>(min);
            var divisorVector = new Vector<float>(divisor);
            for (; x <= map.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                ((new Vector<float>(map[x..]) - minVector) / divisorVector).CopyTo(map[x..]);
            }
        }

        for (; x < map.Length; x++)
        {
            map[x] = (map[x] - min) / divisor;
        }
    }

    /// <summary>The smallest and largest value of a non-empty span.</summary>
    private static (float Min, float Max) Range(ReadOnlySpan<float> values)
    {
        float min = values[0], max = values[0];
        var x = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var minVector = new Vector<float>(values);
            var maxVector = minVector;
            for (x = Vector<float>.Count; x <= values.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                var v = new Vector<float>(values[x..]);
                minVector = Vector.Min(minVector, v);
                maxVector = Vector.Max(maxVector, v);
            }

            for (int lane = 0; lane < Vector<float>.Count; lane++)
            {
                min = Math.Min(min, minVector[lane]);
                max = Math.Max(max, maxVector[lane]);
            }
        }

        for (; x < values.Length; x++)
        {
            min = Math.Min(min, values[x]);
            max = Math.Max(max, values[x]);
        }

        return (min, max);
    }

    /// <summary>destination = max(source, 0).</summary>
    private static void Relu(ReadOnlySpan<float> source, Span<float> destination)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; x <= source.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                Vector.Max(new Vector<float>(source[x..]), Vector<float>.Zero).CopyTo(destination[x..]);
            }
        }

        for (; x < source.Length; x++)
        {
            destination[x] = Math.Max(source[x], 0);
        }
    }

    /// <summary>Bilinear resize with half-pixel centres (OpenCV INTER_LINEAR, torch align_corners=False).</summary>
    public static float[] Resize(ReadOnlySpan<float> source, int rows, int columns, int newRows, int newColumns)
    {
        var result = new float[newRows * newColumns];
        BilinearResize.Resize(source, rows, columns, result, newRows, newColumns, newColumns);
        return result;
    }

    /// <summary>
    /// The input-grid map (size x size) sampled bilinearly at the centre of every original pixel, which the letterbox
    /// put at input (x + 0.5) · scale + offset: the map in original image coordinates, rows x columns.
    /// </summary>
    public static float[] ToOriginal(ReadOnlySpan<float> inputMap, LetterboxGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var size = geometry.InputSize;
        var result = new float[geometry.SourceRows * geometry.SourceColumns];
        for (int y = 0; y < geometry.SourceRows; y++)
        {
            for (int x = 0; x < geometry.SourceColumns; x++)
            {
                var (u, v) = geometry.OriginalPixelToInput(x, y);
                u = Math.Clamp(u, 0, size - 1);
                v = Math.Clamp(v, 0, size - 1);
                int x0 = (int)u, y0 = (int)v;
                int x1 = Math.Min(x0 + 1, size - 1), y1 = Math.Min(y0 + 1, size - 1);
                float fx = (float)(u - x0), fy = (float)(v - y0);
                var top = (inputMap[(y0 * size) + x0] * (1 - fx)) + (inputMap[(y0 * size) + x1] * fx);
                var bottom = (inputMap[(y1 * size) + x0] * (1 - fx)) + (inputMap[(y1 * size) + x1] * fx);
                result[(y * geometry.SourceColumns) + x] = (top * (1 - fy)) + (bottom * fy);
            }
        }

        return result;
    }
}
