namespace ClinicalImaging.Dicom.Imaging.Display;

/// <summary>How <see cref="ImageResizer"/> samples the source.</summary>
public enum ResizeFilter
{
    /// <summary>Area averaging when shrinking, bilinear when enlarging.</summary>
    Auto,

    /// <summary>Interpolates between the four nearest source pixels (pixel centres aligned).</summary>
    Bilinear,

    /// <summary>
    /// Each output pixel is the coverage-weighted mean of the source pixels under it: no aliasing when
    /// shrinking a lot (thumbnails), where bilinear would skip most source pixels.
    /// </summary>
    AreaAverage,
}

/// <summary>Aspect-preserving resizing of rendered 8-bit images.</summary>
public static class ImageResizer
{
    /// <summary>
    /// Scales <paramref name="image"/> to fit within <paramref name="maxWidth"/> × <paramref name="maxHeight"/>,
    /// keeping its aspect ratio. Smaller images are left alone unless <paramref name="allowEnlarge"/>.
    /// </summary>
    public static RenderedImage Fit(
        RenderedImage image, int maxWidth, int maxHeight, ResizeFilter filter = ResizeFilter.Auto, bool allowEnlarge = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeight, 1);
        double scale = Math.Min((double)maxWidth / image.Width, (double)maxHeight / image.Height);
        if (scale >= 1 && !allowEnlarge)
        {
            return image;
        }

        int width = Math.Clamp((int)Math.Round(image.Width * scale), 1, maxWidth);
        int height = Math.Clamp((int)Math.Round(image.Height * scale), 1, maxHeight);
        return Resize(image, width, height, filter);
    }

    /// <summary>Resizes to exactly <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static RenderedImage Resize(RenderedImage image, int width, int height, ResizeFilter filter = ResizeFilter.Auto)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (width == image.Width && height == image.Height)
        {
            return image;
        }

        bool shrinking = width < image.Width || height < image.Height;
        if (filter == ResizeFilter.Auto)
        {
            filter = shrinking ? ResizeFilter.AreaAverage : ResizeFilter.Bilinear;
        }

        // Separable: resample rows into an intermediate of the new width, then columns.
        var horizontal = Weights(image.Width, width, filter);
        var vertical = Weights(image.Height, height, filter);
        int channels = image.Channels;
        float[] intermediate = new float[width * image.Height * channels];
        for (int y = 0; y < image.Height; y++)
        {
            var sourceRow = image.Pixels.AsSpan(y * image.Width * channels, image.Width * channels);
            var targetRow = intermediate.AsSpan(y * width * channels, width * channels);
            for (int x = 0; x < width; x++)
            {
                var (first, weights) = horizontal[x];
                for (int c = 0; c < channels; c++)
                {
                    float sum = 0;
                    for (int k = 0; k < weights.Length; k++)
                    {
                        sum += weights[k] * sourceRow[((first + k) * channels) + c];
                    }

                    targetRow[(x * channels) + c] = sum;
                }
            }
        }

        byte[] output = new byte[width * height * channels];
        int rowLength = width * channels;
        for (int y = 0; y < height; y++)
        {
            var (first, weights) = vertical[y];
            var target = output.AsSpan(y * rowLength, rowLength);
            for (int i = 0; i < rowLength; i++)
            {
                float sum = 0;
                for (int k = 0; k < weights.Length; k++)
                {
                    sum += weights[k] * intermediate[((first + k) * rowLength) + i];
                }

                target[i] = (byte)Math.Clamp(MathF.Floor(sum + 0.5f), 0f, 255f);
            }
        }

        return new RenderedImage(width, height, channels, output);
    }

    /// <summary>For each output index: the first source index it reads and the normalised weights from there on.</summary>
    private static (int First, float[] Weights)[] Weights(int sourceLength, int targetLength, ResizeFilter filter)
    {
        double scale = (double)sourceLength / targetLength;
        var result = new (int, float[])[targetLength];
        for (int i = 0; i < targetLength; i++)
        {
            double center = (i + 0.5) * scale;
            // Area averaging covers [center - scale/2, center + scale/2); bilinear is a tent of radius 1.
            double radius = filter == ResizeFilter.AreaAverage ? Math.Max(scale, 1) / 2 : 1;
            int first = Math.Max((int)Math.Floor(center - radius), 0);
            int last = Math.Min((int)Math.Ceiling(center + radius), sourceLength - 1);
            float[] weights = new float[last - first + 1];
            double total = 0;
            for (int j = first; j <= last; j++)
            {
                double weight = filter == ResizeFilter.AreaAverage
                    ? Overlap(j, j + 1, center - radius, center + radius)
                    : Math.Max(0, 1 - Math.Abs(j + 0.5 - center));
                weights[j - first] = (float)weight;
                total += weight;
            }

            for (int k = 0; k < weights.Length; k++)
            {
                weights[k] = (float)(weights[k] / total);
            }

            result[i] = (first, weights);
        }

        return result;
    }

    private static double Overlap(double a0, double a1, double b0, double b1) => Math.Max(0, Math.Min(a1, b1) - Math.Max(a0, b0));
}
