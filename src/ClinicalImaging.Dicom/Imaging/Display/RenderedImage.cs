namespace ClinicalImaging.Dicom.Imaging.Display;

/// <summary>An 8-bit image ready for display or encoding: gray (1 channel) or RGB (3), rows top to bottom.</summary>
public sealed class RenderedImage
{
    public RenderedImage(int width, int height, int channels, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Expected 1 (gray) or 3 (RGB).");
        }

        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != width * height * channels)
        {
            throw new ArgumentException($"Expected {width * height * channels} bytes, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    public byte[] Pixels { get; }
}
