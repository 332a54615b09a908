using ClinicalImaging.Application.Inference;
using Xunit;

namespace ClinicalImaging.Inference.Tests.Inference;

/// <summary>The CAM method names the API and the CLI accept.</summary>
public sealed class CamMethodParserTests
{
    [Fact]
    public void Every_method_parses_from_its_short_name_and_from_its_enum_name()
    {
        Assert.Equal(["gradcam", "gradcam++", "xgradcam", "layercam", "scorecam", "eigencam"], CamMethodParser.All);
        Assert.All(Enum.GetValues<CamMethod>(), method =>
        {
            Assert.True(CamMethodParser.TryParse(CamMethodParser.Name(method), out var fromShort));
            Assert.True(CamMethodParser.TryParse(method.ToString(), out var fromEnum));
            Assert.Equal(method, fromShort);
            Assert.Equal(method, fromEnum);
        });
    }

    [Theory]
    [InlineData("GradCAM++", CamMethod.GradCamPlusPlus)]
    [InlineData("grad-cam", CamMethod.GradCam)]
    [InlineData(" Score_CAM ", CamMethod.ScoreCam)]
    public void Pytorch_grad_cam_class_names_and_spelling_variants_are_accepted(string text, CamMethod expected)
    {
        Assert.True(CamMethodParser.TryParse(text, out var method));
        Assert.Equal(expected, method);
    }

    [Theory]
    [InlineData("saliency")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_names_are_refused(string? text) => Assert.False(CamMethodParser.TryParse(text, out _));
}
