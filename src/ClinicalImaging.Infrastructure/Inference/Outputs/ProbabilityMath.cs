using ClinicalImaging.Application.Inference;

namespace ClinicalImaging.Infrastructure.Inference.Outputs;

/// <summary>Logits to probabilities, findings, ensemble statistics and Monte Carlo dropout uncertainty (docs/explainability.md).</summary>
public static class ProbabilityMath
{
    /// <summary>Softmax (multi-class, max-subtracted for stability) or element-wise sigmoid (multi-label).</summary>
    public static void Activate(ModelTask task, ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        if (probabilities.Length != logits.Length)
        {
            throw new ArgumentException($"{probabilities.Length} probabilities for {logits.Length} logits.", nameof(probabilities));
        }

        if (task == ModelTask.MultiLabel)
        {
            for (int k = 0; k < logits.Length; k++)
            {
                probabilities[k] = (float)(1 / (1 + Math.Exp(-logits[k])));
            }

            return;
        }

        double max = double.NegativeInfinity;
        foreach (var l in logits)
        {
            max = Math.Max(max, l);
        }

        double sum = 0;
        for (int k = 0; k < logits.Length; k++)
        {
            sum += Math.Exp(logits[k] - max);
        }

        for (int k = 0; k < logits.Length; k++)
        {
            probabilities[k] = (float)(Math.Exp(logits[k] - max) / sum);
        }
    }

    /// <summary>Every label with its probability and decision, most probable first.</summary>
    public static IReadOnlyList<Finding> Findings(ModelDescriptor model, ReadOnlySpan<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(model);
        var findings = new Finding[probabilities.Length];
        for (int k = 0; k < findings.Length; k++)
        {
            var threshold = model.Thresholds[k];
            findings[k] = new Finding(model.Labels[k], probabilities[k], threshold, probabilities[k] >= threshold);
        }

        // Stable: equal probabilities keep the model's label order.
        return findings.OrderByDescending(f => f.Probability).ToArray();
    }

    /// <summary>Per column, the mean and the population standard deviation over rows (models × labels).</summary>
    public static (float[] Mean, float[] StandardDeviation) MeanAndSpread(float[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var (mean, variance) = MeanAndVariance(rows);
        return (mean, variance.Select(v => (float)Math.Sqrt(v)).ToArray());
    }

    /// <summary>
    /// MC dropout statistics of T passes (rows: passes, columns: labels). Multi-class: one predictive entropy
    /// H[p̄] = −Σ p̄_k ln p̄_k, expected entropy E_t[H[p_t]] and their difference, the mutual information between the
    /// prediction and the weights (BALD; Houlsby et al. 2011, Gal et al. 2017). Multi-label: the same per label with
    /// the Bernoulli entropy h(p) = −p ln p − (1 − p) ln(1 − p). Variance is the population variance per label.
    /// </summary>
    public static UncertaintyEstimate Uncertainty(string modelId, ModelDescriptor model, float[][] passes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(passes);
        if (passes.Length == 0)
        {
            throw new ArgumentException("At least one pass is needed.", nameof(passes));
        }

        var (mean, variance) = MeanAndVariance(passes);
        float[] predictive, expected;
        if (model.Task == ModelTask.MultiClass)
        {
            predictive = [(float)Entropy(mean)];
            expected = [(float)passes.Average(p => Entropy(p))];
        }
        else
        {
            predictive = mean.Select(p => (float)BernoulliEntropy(p)).ToArray();
            expected = new float[mean.Length];
            for (int k = 0; k < mean.Length; k++)
            {
                expected[k] = (float)passes.Average(p => BernoulliEntropy(p[k]));
            }
        }

        // Jensen: predictive >= expected; clamp float rounding so mutual information is never a tiny negative.
        var mutualInformation = predictive.Zip(expected, (h, e) => Math.Max(0f, h - e)).ToArray();
        return new UncertaintyEstimate(modelId, passes.Length, model.Labels, mean, variance, predictive, expected, mutualInformation);
    }

    private static (float[] Mean, float[] Variance) MeanAndVariance(float[][] rows)
    {
        if (rows.Length == 0)
        {
            throw new ArgumentException("At least one row is needed.", nameof(rows));
        }

        var width = rows[0].Length;
        var mean = new float[width];
        var variance = new float[width];
        for (int k = 0; k < width; k++)
        {
            double sum = 0;
            foreach (var row in rows)
            {
                sum += row[k];
            }

            var m = sum / rows.Length;
            double squares = 0;
            foreach (var row in rows)
            {
                squares += (row[k] - m) * (row[k] - m);
            }

            mean[k] = (float)m;
            variance[k] = (float)(squares / rows.Length);
        }

        return (mean, variance);
    }

    /// <summary>Shannon entropy in nats, with 0 ln 0 = 0.</summary>
    public static double Entropy(ReadOnlySpan<float> probabilities)
    {
        double h = 0;
        foreach (var p in probabilities)
        {
            h -= XLogX(p);
        }

        return h;
    }

    public static double BernoulliEntropy(double p) => -XLogX(p) - XLogX(1 - p);

    private static double XLogX(double p) => p > 0 ? p * Math.Log(p) : 0;
}
