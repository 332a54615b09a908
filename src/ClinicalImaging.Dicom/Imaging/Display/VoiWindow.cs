namespace ClinicalImaging.Dicom.Imaging.Display;

/// <summary>VOI LUT Function (0028,1056).</summary>
public enum VoiLutFunction
{
    Linear,
    LinearExact,
    Sigmoid,
}

/// <summary>
/// A window (Window Center/Width with a VOI LUT Function) and its exact PS3.3 C.11.2.1.2 / C.11.2.1.3
/// formulas, mapping modality values into an output range.
/// </summary>
public sealed record VoiWindow
{
    /// <exception cref="PixelDataException">The width is not allowed for the function.</exception>
    public VoiWindow(double center, double width, VoiLutFunction function = VoiLutFunction.Linear)
    {
        if (!double.IsFinite(center) || !double.IsFinite(width))
        {
            throw new PixelDataException($"Window Center (0028,1050) {center} and Window Width (0028,1051) {width} must be finite numbers.");
        }

        if (function == VoiLutFunction.Linear ? width < 1 : width <= 0)
        {
            throw new PixelDataException(function == VoiLutFunction.Linear
                ? $"Window Width (0028,1051) {width} must be at least 1 for VOI LUT Function LINEAR."
                : $"Window Width (0028,1051) {width} must be greater than 0 for VOI LUT Function {ToCode(function)}.");
        }

        if (!Enum.IsDefined(function))
        {
            throw new PixelDataException($"VOI LUT Function value {(int)function} is not defined.");
        }

        Center = center;
        Width = width;
        Function = function;
    }

    public double Center { get; }

    public double Width { get; }

    public VoiLutFunction Function { get; }

    /// <summary>
    /// Picks one of the alternative windows a file carries (Window Center and Window Width are paired by
    /// position, PS3.3 C.11.2.1.2) and its VOI LUT Function (absent means LINEAR).
    /// </summary>
    public static VoiWindow Select(IReadOnlyList<double> centers, IReadOnlyList<double> widths, string? function, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(centers);
        ArgumentNullException.ThrowIfNull(widths);
        if (centers.Count != widths.Count)
        {
            throw new PixelDataException(
                $"Window Center (0028,1050) has {centers.Count} values but Window Width (0028,1051) has {widths.Count}; they must pair up.");
        }

        if ((uint)index >= (uint)centers.Count)
        {
            throw new PixelDataException($"Window index {index} is out of range; the file has {centers.Count} windows.");
        }

        return new VoiWindow(centers[index], widths[index], ParseFunction(function));
    }

    /// <summary>Parses VOI LUT Function (0028,1056); null or empty means LINEAR.</summary>
    public static VoiLutFunction ParseFunction(string? code) => code?.Trim() switch
    {
        null or "" or "LINEAR" => VoiLutFunction.Linear,
        "LINEAR_EXACT" => VoiLutFunction.LinearExact,
        "SIGMOID" => VoiLutFunction.Sigmoid,
        _ => throw new PixelDataException($"VOI LUT Function (0028,1056) '{code!.Trim()}' is not supported."),
    };

    public static string ToCode(VoiLutFunction function) => function switch
    {
        VoiLutFunction.Linear => "LINEAR",
        VoiLutFunction.LinearExact => "LINEAR_EXACT",
        VoiLutFunction.Sigmoid => "SIGMOID",
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };

    /// <summary>Maps modality value <paramref name="x"/> into [<paramref name="yMin"/>, <paramref name="yMax"/>].</summary>
    public double Apply(double x, double yMin, double yMax)
    {
        double range = yMax - yMin;
        switch (Function)
        {
            case VoiLutFunction.Linear:
                // C.11.2.1.2.1: the window is centred half a unit down and one unit narrower.
                double c = Center - 0.5;
                double w = Width - 1;
                if (x <= c - (w / 2))
                {
                    return yMin;
                }

                return x > c + (w / 2) ? yMax : ((((x - c) / w) + 0.5) * range) + yMin;
            case VoiLutFunction.LinearExact:
                // C.11.2.1.3.2
                if (x <= Center - (Width / 2))
                {
                    return yMin;
                }

                return x > Center + (Width / 2) ? yMax : ((((x - Center) / Width) + 0.5) * range) + yMin;
            default:
                // C.11.2.1.3.1
                return (range / (1 + Math.Exp(-4 * (x - Center) / Width))) + yMin;
        }
    }
}
