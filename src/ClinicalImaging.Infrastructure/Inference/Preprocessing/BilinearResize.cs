using System.Buffers;
using System.Numerics;

namespace ClinicalImaging.Infrastructure.Inference.Preprocessing;

/// <summary>
/// Bilinear resize with half-pixel centres and no anti-aliasing (OpenCV INTER_LINEAR, torch align_corners=False, the
/// preprocessing reference), computed separably: each source row that an output row needs is interpolated along x
/// once, then every output row is a vectorised blend of two of those rows. Each value is computed with the reference's
/// operations in its order (a·(1−fx) + b·fx along x, then top·(1−fy) + bottom·fy along y), so the results are the
/// same as those of the direct two-dimensional loop.
/// </summary>
internal static class BilinearResize
{
    /// <summary>
    /// Resizes rows x columns into newRows x newColumns values of <paramref name="destination"/>, whose rows start
    /// <paramref name="destinationStride"/> values apart (the letterbox writes into a wider plane).
    /// </summary>
    public static void Resize(
        ReadOnlySpan<float> source, int rows, int columns, Span<float> destination, int newRows, int newColumns, int destinationStride)
    {
        var xIndex = ArrayPool<int>.Shared.Rent(2 * newColumns);
        var xWeight = ArrayPool<float>.Shared.Rent(newColumns);
        var interpolated = ArrayPool<float>.Shared.Rent(rows * newColumns);
        var done = ArrayPool<bool>.Shared.Rent(rows);
        try
        {
            Array.Clear(done, 0, rows);
            for (int x = 0; x < newColumns; x++)
            {
                SampleAt(columns, newColumns, x, out xIndex[2 * x], out xIndex[(2 * x) + 1], out xWeight[x]);
            }

            for (int y = 0; y < newRows; y++)
            {
                SampleAt(rows, newRows, y, out var y0, out var y1, out var fy);
                foreach (var row in (ReadOnlySpan<int>)[y0, y1])
                {
                    if (!done[row])
                    {
                        Interpolate(source.Slice(row * columns, columns), xIndex, xWeight, interpolated.AsSpan(row * newColumns, newColumns));
                        done[row] = true;
                    }
                }

                Blend(
                    interpolated.AsSpan(y0 * newColumns, newColumns),
                    interpolated.AsSpan(y1 * newColumns, newColumns),
                    fy,
                    destination.Slice(y * destinationStride, newColumns));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(xIndex);
            ArrayPool<float>.Shared.Return(xWeight);
            ArrayPool<float>.Shared.Return(interpolated);
            ArrayPool<bool>.Shared.Return(done);
        }
    }

    /// <summary>Half-pixel centres in float32, as the reference: src = (d + 0.5) · (source / destination) − 0.5, clamped.</summary>
    public static void SampleAt(int sourceLength, int destinationLength, int d, out int i0, out int i1, out float fraction)
    {
        var scale = (float)sourceLength / destinationLength;
        var src = Math.Clamp(((d + 0.5f) * scale) - 0.5f, 0f, sourceLength - 1);
        i0 = (int)MathF.Floor(src);
        i1 = Math.Min(i0 + 1, sourceLength - 1);
        fraction = src - i0;
    }

    /// <summary>One source row along x: output[x] = a · (1 − fx) + b · fx.</summary>
    private static void Interpolate(ReadOnlySpan<float> input, int[] xIndex, float[] xWeight, Span<float> output)
    {
        for (int x = 0; x < output.Length; x++)
        {
            var fx = xWeight[x];
            output[x] = (input[xIndex[2 * x]] * (1 - fx)) + (input[xIndex[(2 * x) + 1]] * fx);
        }
    }

    /// <summary>output = top · (1 − f) + bottom · f.</summary>
    private static void Blend(ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, float f, Span<float> output)
    {
        var keep = 1 - f;
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var keepVector = new Vector<float>(keep);
            var fVector = new Vector<float>(f);
            for (; x <= output.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                ((new Vector<float>(top[x..]) * keepVector) + (new Vector<float>(bottom[x..]) * fVector)).CopyTo(output[x..]);
            }
        }

        for (; x < output.Length; x++)
        {
            output[x] = (top[x] * keep) + (bottom[x] * f);
        }
    }
}
