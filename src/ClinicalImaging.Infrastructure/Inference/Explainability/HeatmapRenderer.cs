using ClinicalImaging.Dicom.Imaging.Png;

namespace ClinicalImaging.Infrastructure.Inference.Explainability;

/// <summary>Heatmap PNGs: the jet colormap, alone or blended over the grayscale image.</summary>
public static class HeatmapRenderer
{
    /// <summary>The map (0..1, row-major) in jet colours.</summary>
    public static byte[] HeatmapPng(ReadOnlySpan<float> map, int width, int height) => Overlay(map, default, width, height, 1);

    /// <summary>
    /// (1 − alpha) · gray + alpha · jet(map) per pixel; <paramref name="gray"/> holds width x height values in 0..1
    /// (the image after its VOI step, 1 bright).
    /// </summary>
    public static byte[] OverlayPng(ReadOnlySpan<float> map, ReadOnlySpan<float> gray, int width, int height, double alpha)
    {
        if (!(alpha is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The overlay alpha must be between 0 and 1.");
        }

        if (gray.Length != map.Length)
        {
            throw new ArgumentException($"The gray image holds {gray.Length} values; the map {map.Length}.", nameof(gray));
        }

        return Overlay(map, gray, width, height, alpha);
    }

    /// <summary>
    /// Matplotlib's / OpenCV's jet as piecewise-linear ramps: r = clip(1.5 − |4v − 3|), g = clip(1.5 − |4v − 2|),
    /// b = clip(1.5 − |4v − 1|) (dark blue at 0, red at 1).
    /// </summary>
    public static (float R, float G, float B) Jet(float value)
    {
        var v = Math.Clamp(value, 0f, 1f);
        return (Ramp((4 * v) - 3), Ramp((4 * v) - 2), Ramp((4 * v) - 1));

        static float Ramp(float x) => Math.Clamp(1.5f - Math.Abs(x), 0f, 1f);
    }

    private static byte[] Overlay(ReadOnlySpan<float> map, ReadOnlySpan<float> gray, int width, int height, double alpha)
    {
        if (map.Length != width * height)
        {
            throw new ArgumentException($"The map holds {map.Length} values, not {width} x {height}.", nameof(map));
        }

        var rgb = new byte[map.Length * 3];
        var a = (float)alpha;
        for (int p = 0; p < map.Length; p++)
        {
            var (r, g, b) = Jet(map[p]);
            var background = gray.IsEmpty ? 0 : gray[p] * (1 - a);
            rgb[3 * p] = ToByte(background + (a * r));
            rgb[(3 * p) + 1] = ToByte(background + (a * g));
            rgb[(3 * p) + 2] = ToByte(background + (a * b));
        }

        using var png = new MemoryStream();
        PngEncoder.Write(png, rgb, width, height, PngPixelFormat.Rgb8);
        return png.ToArray();

        static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v * 255), 0, 255);
    }
}
