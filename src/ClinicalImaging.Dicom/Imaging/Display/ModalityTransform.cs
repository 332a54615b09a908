using System.Numerics;

namespace ClinicalImaging.Dicom.Imaging.Display;

/// <summary>
/// The Modality LUT stage (PS3.4 N.2.1.1, PS3.3 C.11.1): stored values to modality values, such as CT
/// Hounsfield units, by Rescale Slope and Intercept or by a Modality LUT Sequence table.
/// </summary>
public sealed class ModalityTransform
{
    private ModalityTransform(double slope, double intercept, LookupTable? table)
    {
        Slope = slope;
        Intercept = intercept;
        Table = table;
    }

    /// <summary>No Modality LUT module: modality values are the stored values.</summary>
    public static ModalityTransform Identity { get; } = new(1, 0, null);

    public double Slope { get; }

    public double Intercept { get; }

    /// <summary>The Modality LUT Sequence table, when the transform is a table rather than a rescale.</summary>
    public LookupTable? Table { get; }

    /// <summary>Rescale Slope (0028,1053) and Rescale Intercept (0028,1052).</summary>
    public static ModalityTransform Rescale(double slope, double intercept)
    {
        if (!double.IsFinite(slope) || slope == 0 || !double.IsFinite(intercept))
        {
            throw new PixelDataException(
                $"Rescale Slope (0028,1053) {slope} and Rescale Intercept (0028,1052) {intercept} must be finite, and the slope non-zero.");
        }

        return new ModalityTransform(slope, intercept, null);
    }

    /// <summary>The first item of the Modality LUT Sequence (0028,3000).</summary>
    public static ModalityTransform FromTable(LookupTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new ModalityTransform(1, 0, table);
    }

    public double Apply(double storedValue) =>
        Table is null ? (storedValue * Slope) + Intercept : Table.Lookup(storedValue);

    /// <summary>
    /// The range of modality values for stored values in [<paramref name="storedMin"/>, <paramref name="storedMax"/>]:
    /// a table yields 0..2^bits-1 (PS3.3 C.11.1.1.1), a rescale maps the ends.
    /// </summary>
    public (double Min, double Max) OutputRange(double storedMin, double storedMax)
    {
        if (Table is not null)
        {
            return (0, Table.MaxEntryValue);
        }

        double a = Apply(storedMin);
        double b = Apply(storedMax);
        return (Math.Min(a, b), Math.Max(a, b));
    }

    /// <summary>Writes the modality value of every sample of <paramref name="frame"/> (e.g. HU for model input).</summary>
    public void ApplyTo(DecodedFrame frame, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (destination.Length < frame.SampleCount)
        {
            throw new ArgumentException($"Destination holds {destination.Length} values; the frame has {frame.SampleCount}.", nameof(destination));
        }

        var visitor = new ApplyVisitor(this, destination);
        frame.Visit(ref visitor);
    }

    private readonly ref struct ApplyVisitor(ModalityTransform transform, Span<float> destination) : ISampleVisitor
    {
        private readonly Span<float> _destination = destination;

        public void Visit<T>(ReadOnlySpan<T> samples)
            where T : unmanaged, IBinaryInteger<T>
        {
            for (int i = 0; i < samples.Length; i++)
            {
                _destination[i] = (float)transform.Apply(double.CreateTruncating(samples[i]));
            }
        }
    }
}
