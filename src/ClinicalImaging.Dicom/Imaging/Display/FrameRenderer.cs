using System.Buffers;
using System.Numerics;

namespace ClinicalImaging.Dicom.Imaging.Display;

/// <summary>
/// The display pipeline (PS3.4 Annex N): grayscale frames through modality LUT → VOI LUT or window →
/// presentation LUT to 8-bit gray; PALETTE COLOR through its palette, RGB and YBR_FULL/YBR_ICT to 8-bit RGB.
/// Frames with at most 65536 distinct possible values between their minimum and maximum are mapped through
/// one composite table built per frame, so the per-pixel cost is a single lookup.
/// </summary>
public static class FrameRenderer
{
    private const int MaxCompositeTable = 65536;

    /// <summary>Renders <paramref name="frame"/> into a new 8-bit gray or RGB image.</summary>
    public static RenderedImage Render(DecodedFrame frame, RenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int channels = OutputChannels(frame);
        byte[] pixels = new byte[frame.PixelCount * channels];
        Render(frame, options ?? RenderOptions.Default, pixels);
        return new RenderedImage(frame.Columns, frame.Rows, channels, pixels);
    }

    /// <summary>Renders into <paramref name="destination"/> (pixels × <see cref="OutputChannels"/> bytes).</summary>
    public static void Render(DecodedFrame frame, RenderOptions options, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(options);
        int needed = frame.PixelCount * OutputChannels(frame);
        if (destination.Length < needed)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; {needed} are needed.", nameof(destination));
        }

        destination = destination[..needed];
        switch (frame.PhotometricInterpretation)
        {
            case PhotometricInterpretation.Monochrome1:
            case PhotometricInterpretation.Monochrome2:
                RenderGrayscale(frame, options, destination);
                break;
            case PhotometricInterpretation.PaletteColor:
                var palette = options.Palette ?? throw new PixelDataException(
                    "A PALETTE COLOR frame needs its Palette Color Lookup Table (0028,1101-1203) to be rendered.");
                var paletteVisitor = new PaletteVisitor(palette, destination);
                frame.Visit(ref paletteVisitor);
                break;
            case PhotometricInterpretation.Rgb:
                var rgbVisitor = new To8BitVisitor(frame.BitsStored, destination);
                frame.Visit(ref rgbVisitor);
                break;
            case PhotometricInterpretation.YbrFull:
            case PhotometricInterpretation.YbrIct:
                var ybrVisitor = new To8BitVisitor(frame.BitsStored, destination);
                frame.Visit(ref ybrVisitor);
                ColorSpace.YbrFullToRgb(destination, destination);
                break;
            default:
                throw new PixelDataException(
                    $"Frames in {frame.PhotometricInterpretation.ToCode()} cannot be rendered; the codec should have converted them to RGB or YBR_FULL.");
        }
    }

    /// <summary>1 for monochrome frames, 3 for everything that renders in color.</summary>
    public static int OutputChannels(DecodedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.PhotometricInterpretation.IsMonochrome() ? 1 : 3;
    }

    private static void RenderGrayscale(DecodedFrame frame, RenderOptions options, Span<byte> destination)
    {
        var range = new MinMaxVisitor();
        frame.Visit(ref range);
        var pipeline = new GrayscalePipeline(options, frame, range.Min, range.Max);
        long span = range.Max - range.Min + 1;
        if (span <= MaxCompositeTable)
        {
            byte[] table = ArrayPool<byte>.Shared.Rent((int)span);
            try
            {
                for (int i = 0; i < span; i++)
                {
                    table[i] = pipeline.Map(range.Min + i);
                }

                var mapper = new TableVisitor(table, range.Min, destination);
                frame.Visit(ref mapper);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(table);
            }
        }
        else
        {
            var mapper = new PipelineVisitor(pipeline, destination);
            frame.Visit(ref mapper);
        }
    }

    /// <summary>Stored value → displayed byte for one frame and one set of options.</summary>
    private sealed class GrayscalePipeline
    {
        private readonly ModalityTransform _modality;
        private readonly LookupTable? _voiTable;
        private readonly VoiWindow _window;
        private readonly bool _invert;

        public GrayscalePipeline(RenderOptions options, DecodedFrame frame, long min, long max)
        {
            _modality = options.Modality;
            _voiTable = options.VoiLookupTable;
            _window = options.Window ?? AutomaticWindow(options, frame, min, max);
            _invert = (options.PresentationShape
                ?? (frame.PhotometricInterpretation == PhotometricInterpretation.Monochrome1
                    ? PresentationLutShape.Inverse
                    : PresentationLutShape.Identity)) == PresentationLutShape.Inverse;
        }

        public byte Map(long storedValue)
        {
            double value = _modality.Apply(storedValue);
            double output = _voiTable is null
                ? _window.Apply(value, 0, 255)
                : _voiTable.Lookup(value) * 255.0 / _voiTable.MaxEntryValue;
            double clamped = Math.Clamp(Math.Floor(output + 0.5), 0, 255);
            return (byte)(_invert ? 255 - clamped : clamped);
        }

        private VoiWindow AutomaticWindow(RenderOptions options, DecodedFrame frame, long min, long max)
        {
            (long low, long high) = options.AutoWindow.LowPercentile == 0 && options.AutoWindow.HighPercentile == 100
                ? (min, max)
                : Percentiles(frame, min, max, options.AutoWindow);
            double a = _modality.Apply(low);
            double b = _modality.Apply(high);
            (a, b) = (Math.Min(a, b), Math.Max(a, b));
            return new VoiWindow((a + b) / 2, Math.Max(b - a, 1), VoiLutFunction.LinearExact);
        }

        private static (long Low, long High) Percentiles(DecodedFrame frame, long min, long max, AutoWindow window)
        {
            long span = max - min + 1;
            int bins = (int)Math.Min(span, MaxCompositeTable);
            int[] counts = ArrayPool<int>.Shared.Rent(bins);
            try
            {
                counts.AsSpan(0, bins).Clear();
                var histogram = new HistogramVisitor(counts, bins, min, span);
                frame.Visit(ref histogram);
                double total = frame.SampleCount;
                double lowCount = total * window.LowPercentile / 100;
                double highCount = total * window.HighPercentile / 100;
                int lowBin = -1;
                int highBin = bins - 1;
                long cumulative = 0;
                for (int i = 0; i < bins; i++)
                {
                    cumulative += counts[i];
                    if (lowBin < 0 && cumulative > lowCount)
                    {
                        lowBin = i;
                    }

                    if (cumulative >= highCount)
                    {
                        highBin = i;
                        break;
                    }
                }

                return (min + (long)(Math.Max(lowBin, 0) * (double)span / bins), min + (long)(highBin * (double)span / bins));
            }
            finally
            {
                ArrayPool<int>.Shared.Return(counts);
            }
        }
    }

    private struct MinMaxVisitor : ISampleVisitor
    {
        public long Min;
        public long Max;

        public void Visit<T>(ReadOnlySpan<T> samples)
            where T : unmanaged, IBinaryInteger<T>
        {
            T min = samples[0];
            T max = samples[0];
            foreach (T value in samples)
            {
                min = T.Min(min, value);
                max = T.Max(max, value);
            }

            Min = long.CreateTruncating(min);
            Max = long.CreateTruncating(max);
        }
    }

    private readonly struct HistogramVisitor(int[] counts, int bins, long min, long span) : ISampleVisitor
    {
        public void Visit<T>(ReadOnlySpan<T> samples)
            where T : unmanaged, IBinaryInteger<T>
        {
            double scale = (double)bins / span;
            foreach (T sample in samples)
            {
                long offset = long.CreateTruncating(sample) - min;
                counts[bins == span ? (int)offset : Math.Min((int)(offset * scale), bins - 1)]++;
            }
        }
    }

    private readonly ref struct TableVisitor(byte[] table, long min, Span<byte> destination) : ISampleVisitor
    {
        private readonly Span<byte> _destination = destination;

        public void Visit<T>(ReadOnlySpan<T> samples)
            where T : unmanaged, IBinaryInteger<T>
        {
            for (int i = 0; i < samples.Length; i++)
            {
                _destination[i] = table[(int)(long.CreateTruncating(samples[i]) - min)];
            }
        }
    }

    private readonly ref struct PipelineVisitor(GrayscalePipeline pipeline, Span<byte> destination) : ISampleVisitor
    {
        private readonly Span<byte> _destination = destination;

        public void Visit<T>(ReadOnlySpan<T> samples)
            where T : unmanaged, IBinaryInteger<T>
        {
            for (int i = 0; i < samples.Length; i++)
            {
                _destination[i] = pipeline.Map(long.CreateTruncating(samples[i]));
            }
        }
    }

    /// <summary>Scales color samples of any width to 8 bits by dropping low bits; negatives clamp to 0.</summary>
    private readonly ref struct To8BitVisitor(int bitsStored, Span<byte> destination) : ISampleVisitor
    {
        private readonly Span<byte> _destination = destination;

        public void Visit<T>(ReadOnlySpan<T> samples)
            where T : unmanaged, IBinaryInteger<T>
        {
            int shift = Math.Max(bitsStored - 8, 0);
            for (int i = 0; i < samples.Length; i++)
            {
                _destination[i] = (byte)Math.Clamp(long.CreateTruncating(samples[i]) >> shift, 0, 255);
            }
        }
    }

    private readonly ref struct PaletteVisitor(PaletteColorLut palette, Span<byte> destination) : ISampleVisitor
    {
        private readonly Span<byte> _destination = destination;

        public void Visit<T>(ReadOnlySpan<T> samples)
            where T : unmanaged, IBinaryInteger<T>
        {
            int redShift = palette.Red.BitsPerEntry - 8;
            int greenShift = palette.Green.BitsPerEntry - 8;
            int blueShift = palette.Blue.BitsPerEntry - 8;
            for (int i = 0; i < samples.Length; i++)
            {
                double index = double.CreateTruncating(samples[i]);
                _destination[i * 3] = (byte)(palette.Red.Lookup(index) >> redShift);
                _destination[(i * 3) + 1] = (byte)(palette.Green.Lookup(index) >> greenShift);
                _destination[(i * 3) + 2] = (byte)(palette.Blue.Lookup(index) >> blueShift);
            }
        }
    }
}
