using ClinicalImaging.Domain.Inference;

namespace ClinicalImaging.Application.Analysis;

/// <summary>
/// Describes where a finding is in words a reader can check against the image: the third of the image (vertically and
/// horizontally) that holds the region's strongest point, and the region's pixel box. Words refer to the image as
/// displayed ("image left"), not to the patient, since which side is the patient's depends on the view.
/// </summary>
public static class FindingLocations
{
    public static string Describe(ImageRegion region, int imageWidth, int imageHeight)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        var vertical = Third(region.PeakY, imageHeight) switch { 0 => "upper", 1 => "middle", _ => "lower" };
        var horizontal = Third(region.PeakX, imageWidth) switch { 0 => "left", 1 => "centre", _ => "right" };
        var place = (vertical, horizontal) switch
        {
            ("middle", "centre") => "centre",
            (_, "centre") => $"{vertical} centre",
            _ => $"{vertical} {horizontal}",
        };
        return $"{place} of the image (columns {region.X}–{region.X + region.Width - 1}, rows {region.Y}–{region.Y + region.Height - 1})";
    }

    private static int Third(int position, int extent) => Math.Clamp(position * 3 / extent, 0, 2);
}
