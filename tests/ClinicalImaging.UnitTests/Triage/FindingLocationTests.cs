using ClinicalImaging.Application.Analysis;
using ClinicalImaging.Domain.Inference;
using Xunit;

namespace ClinicalImaging.UnitTests.Triage;

public sealed class FindingLocationTests
{
    [Theory]
    [InlineData(10, 10, "upper left")]
    [InlineData(150, 10, "upper centre")]
    [InlineData(290, 20, "upper right")]
    [InlineData(150, 150, "centre")]
    [InlineData(10, 150, "middle left")]
    [InlineData(299, 299, "lower right")]
    public void A_finding_is_placed_by_its_strongest_point_in_thirds_of_the_image(int peakX, int peakY, string place)
    {
        var region = new ImageRegion(peakX, peakY, 1, 1, peakX, peakY, 1, 1, 1);

        Assert.StartsWith($"{place} of the image", FindingLocations.Describe(region, 300, 300), StringComparison.Ordinal);
    }

    [Fact]
    public void The_description_gives_the_regions_pixel_box_inclusively() =>
        Assert.Equal(
            "upper left of the image (columns 51–65, rows 79–93)",
            FindingLocations.Describe(new ImageRegion(51, 79, 15, 15, 58, 86, 0.9f, 0.7f, 200), 229, 270));
}
