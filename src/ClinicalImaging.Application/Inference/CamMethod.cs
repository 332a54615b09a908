namespace ClinicalImaging.Application.Inference;

/// <summary>Class activation map methods (formulas and sources: docs/explainability.md).</summary>
public enum CamMethod
{
    /// <summary>Selvaraju et al. 2017: channel weights = spatial mean of the score's gradient.</summary>
    GradCam,

    /// <summary>Chattopadhyay et al. 2018: weights from second/third-order terms of the exponential score.</summary>
    GradCamPlusPlus,

    /// <summary>Fu et al. 2020 (Axiom-based Grad-CAM): gradients weighted by normalised activations.</summary>
    XGradCam,

    /// <summary>Jiang et al. 2021: element-wise positive gradient times activation.</summary>
    LayerCam,

    /// <summary>Wang et al. 2020: softmax of the target score on inputs masked by each activation map (gradient-free).</summary>
    ScoreCam,

    /// <summary>Bany Muhammad and Yeasin 2020: first principal component of the activations (gradient-free, class-agnostic).</summary>
    EigenCam,
}
