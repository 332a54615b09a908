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

    /// <summary>
    /// Σ_c weights[c] · A_c, h·w values, added channel by channel in order; four channels per pass over the map, so
    /// the map is loaded and stored once per four channels (the activations stay four sequential streams).
    /// </summary>
    public static float[] WeightedSum(ReadOnlySpan<float> activations, ReadOnlySpan<float> weights, int plane)
    {
        var map = new float[plane];
        var sum = map.AsSpan();
        var c = 0;
        for (; c + 4 <= weights.Length; c += 4)
        {
            var a0 = activations.Slice(c * plane, plane);
            var a1 = activations.Slice((c + 1) * plane, plane);
            var a2 = activations.Slice((c + 2) * plane, plane);
            var a3 = activations.Slice((c + 3) * plane, plane);
            var (w0, w1, w2, w3) = (weights[c], weights[c + 1], weights[c + 2], weights[c + 3]);
            var p = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var (v0, v1, v2, v3) = (new Vector<float>(w0), new Vector<float>(w1), new Vector<float>(w2), new Vector<float>(w3));
                for (; p <= plane - Vector<float>.Count; p += Vector<float>.Count)
                {
                    var s = new Vector<float>(sum[p..]) + (v0 * new Vector<float>(a0[p..]));
                    s += v1 * new Vector<float>(a1[p..]);
                    s += v2 * new Vector<float>(a2[p..]);
                    (s + (v3 * new Vector<float>(a3[p..]))).CopyTo(sum[p..]);
                }
            }

            for (; p < plane; p++)
            {
                sum[p] = sum[p] + (w0 * a0[p]) + (w1 * a1[p]) + (w2 * a2[p]) + (w3 * a3[p]);
            }
        }

        for (; c < weights.Length; c++)
        {
            var channel = activations.Slice(c * plane, plane);
            var weight = weights[c];
            var p = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var v = new Vector<float>(weight);
                for (; p <= plane - Vector<float>.Count; p += Vector<float>.Count)
                {
                    (new Vector<float>(sum[p..]) + (v * new Vector<float>(channel[p..]))).CopyTo(sum[p..]);
                }
            }

            for (; p < plane; p++)
            {
                sum[p] += weight * channel[p];
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
