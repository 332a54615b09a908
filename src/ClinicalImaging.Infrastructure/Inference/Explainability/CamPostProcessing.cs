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
        var map = (float[])rawMap.Clone();
        foreach (ref var v in map.AsSpan())
        {
            v = Math.Max(v, 0);
        }

        MinMax(map);
        return Resize(map, height, width, size, size);
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
        var min = float.PositiveInfinity;
        foreach (var v in map)
        {
            min = Math.Min(min, v);
        }

        var max = float.NegativeInfinity;
        foreach (ref var v in map)
        {
            v -= min;
            max = Math.Max(max, v);
        }

        foreach (ref var v in map)
        {
            v /= Epsilon + max;
        }
    }

    /// <summary>Bilinear resize with half-pixel centres (OpenCV INTER_LINEAR, torch align_corners=False).</summary>
    public static float[] Resize(ReadOnlySpan<float> source, int rows, int columns, int newRows, int newColumns)
    {
        var result = new float[newRows * newColumns];
        Span<int> left = newColumns <= 1024 ? stackalloc int[newColumns] : new int[newColumns];
        Span<int> right = newColumns <= 1024 ? stackalloc int[newColumns] : new int[newColumns];
        Span<float> weight = newColumns <= 1024 ? stackalloc float[newColumns] : new float[newColumns];
        for (int x = 0; x < newColumns; x++)
        {
            ModelInputPreprocessor.SampleAt(columns, newColumns, x, out left[x], out right[x], out weight[x]);
        }

        for (int y = 0; y < newRows; y++)
        {
            ModelInputPreprocessor.SampleAt(rows, newRows, y, out var y0, out var y1, out var fy);
            var row0 = source.Slice(y0 * columns, columns);
            var row1 = source.Slice(y1 * columns, columns);
            var output = result.AsSpan(y * newColumns, newColumns);
            for (int x = 0; x < newColumns; x++)
            {
                var fx = weight[x];
                var top = (row0[left[x]] * (1 - fx)) + (row0[right[x]] * fx);
                var bottom = (row1[left[x]] * (1 - fx)) + (row1[right[x]] * fx);
                output[x] = (top * (1 - fy)) + (bottom * fy);
            }
        }

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
