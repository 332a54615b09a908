using ClinicalImaging.Application.Inference;

namespace ClinicalImaging.Infrastructure.Inference.Registry;

/// <summary>The manifest's method names (pytorch-grad-cam's class names) and which methods need gradients.</summary>
public static class CamMethodNames
{
    private static readonly Dictionary<string, CamMethod> s_byName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GradCAM"] = CamMethod.GradCam,
        ["GradCAM++"] = CamMethod.GradCamPlusPlus,
        ["GradCAMPlusPlus"] = CamMethod.GradCamPlusPlus,
        ["XGradCAM"] = CamMethod.XGradCam,
        ["LayerCAM"] = CamMethod.LayerCam,
        ["ScoreCAM"] = CamMethod.ScoreCam,
        ["EigenCAM"] = CamMethod.EigenCam,
    };

    public static bool TryParse(string name, out CamMethod method) => s_byName.TryGetValue(name, out method);

    /// <summary>
    /// Grad-CAM, Grad-CAM++, XGrad-CAM and LayerCAM need d score / d activations, which ORT cannot compute: they run
    /// only on a layer whose gradient is exact in closed form (it feeds the GAP-linear head). Score-CAM and Eigen-CAM
    /// need only activations and run on any target layer.
    /// </summary>
    public static bool NeedsGradient(CamMethod method) => method is CamMethod.GradCam or CamMethod.GradCamPlusPlus or CamMethod.XGradCam or CamMethod.LayerCam;
}
