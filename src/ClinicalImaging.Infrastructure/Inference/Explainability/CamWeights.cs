using System.Numerics;
using ClinicalImaging.Application.Inference;

namespace ClinicalImaging.Infrastructure.Inference.Explainability;

/// <summary>
/// The gradient-based CAM methods in closed form for a global-average-pool + linear head
/// (logit_k = Σ_c W[k, c] · mean_ij A_c(i, j) + b_k), where ∂logit_k / ∂A_c(i, j) = g_c = W[k, c] / (h · w) is exact and
/// constant over the map. Each method below is pytorch-grad-cam's formula with that gradient substituted
/// (derivations and sources: docs/explainability.md). Maps are returned before the ReLU of the post-processing.
/// </summary>
public static class CamWeights
{
    /// <summary>pytorch-grad-cam's epsilon in the Grad-CAM++ and XGrad-CAM denominators.</summary>
    private const double Epsilon = 1e-7;

    /// <summary>The raw map (h x w) of a gradient method for one image's activations (C x h x w) and the head's row W[k, :].</summary>
    public static float[] ClosedForm(CamMethod method, ReadOnlySpan<float> activations, int channels, int height, int width, ReadOnlySpan<float> classifierRow)
    {
        if (classifierRow.Length != channels || activations.Length != channels * height * width)
        {
            throw new ArgumentException($"Activations of {activations.Length} values and a classifier row of {classifierRow.Length} do not fit {channels} x {height} x {width}.");
        }

        var plane = height * width;
        var weights = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double g = classifierRow[c] / (double)plane;
            // Only Grad-CAM++ and XGrad-CAM read the activations' sum.
            double activationSum = method is CamMethod.GradCamPlusPlus or CamMethod.XGradCam ? Sum(activations.Slice(c * plane, plane)) : 0;
            weights[c] = (float)(method switch
            {
                // Grad-CAM: α_c = mean_ij ∂y/∂A_c(i,j) = g.
                CamMethod.GradCam => g,

                // Grad-CAM++ (exponential score form, pytorch-grad-cam): a = g² / (2g² + Σ_ij A · g³), zero where g = 0;
                // α_c = Σ_ij ReLU(g) · a = h·w · ReLU(g) · a.
                CamMethod.GradCamPlusPlus => g == 0 ? 0 : plane * Math.Max(g, 0) * (g * g / ((2 * g * g) + (activationSum * g * g * g) + Epsilon)),

                // XGrad-CAM: α_c = Σ_ij g · A_c(i,j) / (Σ_ij A_c + ε) = g · S / (S + ε).
                CamMethod.XGradCam => g * activationSum / (activationSum + Epsilon),

                // LayerCAM: M = Σ_c ReLU(g) · A_c, a per-pixel weight that is constant here.
                CamMethod.LayerCam => Math.Max(g, 0),

                _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Not a gradient-based method."),
            });
        }

        return WeightedSum(activations, weights, plane);
    }

    /// <summary>Σ_c weights[c] · A_c, h·w values (accumulated channel by channel, vectorised along the plane).</summary>
    public static float[] WeightedSum(ReadOnlySpan<float> activations, ReadOnlySpan<float> weights, int plane)
    {
        var map = new float[plane];
        for (int c = 0; c < weights.Length; c++)
        {
            var weight = weights[c];
            if (weight == 0)
            {
                continue;
            }

            var channel = activations.Slice(c * plane, plane);
            var p = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var weightVector = new Vector<float>(weight);
                var sum = map.AsSpan();
                for (; p <= plane - Vector<float>.Count; p += Vector<float>.Count)
                {
                    (new Vector<float>(sum[p..]) + (weightVector * new Vector<float>(channel[p..]))).CopyTo(sum[p..]);
                }
            }

            for (; p < plane; p++)
            {
                map[p] += weight * channel[p];
            }
        }

        return map;
    }

    private static double Sum(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }
}
