namespace ClinicalImaging.Dicom.Imaging.Display;

/// <summary>
/// How to choose a window when the file gives none: spanning the frame's values from the
/// <see cref="LowPercentile"/> to the <see cref="HighPercentile"/> (0 and 100 give min/max). Trimming a
/// fraction of a percent keeps a few extreme pixels (metal, padding) from flattening the contrast.
/// </summary>
public sealed record AutoWindow
{
    public AutoWindow(double lowPercentile, double highPercentile)
    {
        if (!(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100))
        {
            throw new ArgumentOutOfRangeException(
                nameof(lowPercentile), $"Percentiles must satisfy 0 <= low < high <= 100; got {lowPercentile} and {highPercentile}.");
        }

        LowPercentile = lowPercentile;
        HighPercentile = highPercentile;
    }

    /// <summary>The full range of the frame's values.</summary>
    public static AutoWindow MinMax { get; } = new(0, 100);

    /// <summary>0.5 % to 99.5 %, a robust default for CT and MR.</summary>
    public static AutoWindow Robust { get; } = new(0.5, 99.5);

    public double LowPercentile { get; }

    public double HighPercentile { get; }
}
