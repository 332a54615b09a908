namespace ClinicalImaging.Domain.Inference;

/// <summary>
/// An area of an image in original pixel coordinates (columns x, rows y, origin top left): a connected region of a
/// class activation map above its threshold, with its strongest point.
/// </summary>
/// <param name="X">Left column (inclusive).</param>
/// <param name="Y">Top row (inclusive).</param>
/// <param name="Width">Columns spanned.</param>
/// <param name="Height">Rows spanned.</param>
/// <param name="PeakX">Column of the strongest activation.</param>
/// <param name="PeakY">Row of the strongest activation.</param>
/// <param name="PeakActivation">The strongest normalised activation (0..1).</param>
/// <param name="MeanActivation">The mean normalised activation over the region.</param>
/// <param name="Area">Pixels in the region.</param>
public sealed record ImageRegion(int X, int Y, int Width, int Height, int PeakX, int PeakY, float PeakActivation, float MeanActivation, int Area);

/// <summary>One label's probability as the model gave it, with the model's decision threshold for the label.</summary>
public sealed record LabelProbability(string Label, float Probability, double Threshold)
{
    public bool IsPositive => Probability >= Threshold;
}
