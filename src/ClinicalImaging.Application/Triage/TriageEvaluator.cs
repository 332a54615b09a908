using ClinicalImaging.Domain.Inference;

namespace ClinicalImaging.Application.Triage;

/// <summary>One label's place in the triage: its severity and whether it is reported as a finding.</summary>
/// <param name="Label">The model's label.</param>
/// <param name="Probability">The model's probability.</param>
/// <param name="Threshold">The model's decision threshold for the label.</param>
/// <param name="Severity">The highest priority of the rules that apply, or the unruled priority for a positive label.</param>
public sealed record TriagedLabel(string Label, float Probability, double Threshold, TriagePriority Severity);

/// <summary>The triage of one result: its outcome and the labels to report as findings, most severe first.</summary>
public sealed record Triage(TriageOutcome Outcome, IReadOnlyList<TriagedLabel> Findings);

/// <summary>
/// Applies the configured rules to one model result (docs/workflow.md, "Triage"):
/// <list type="bullet">
/// <item>a label's severity is the highest priority of the rules whose label matches and whose minimum probability it
/// reaches; a label at or above the model's own threshold that no rule gives a priority gets the unruled priority;
/// normal labels ("normal", "no_hemorrhage"…) are always normal;</item>
/// <item>findings are the labels with a severity above normal; a result with none reports its positive normal label;</item>
/// <item>the result's priority is the highest severity (normal when nothing is found);</item>
/// <item>low confidence (highest probability below the minimum) or high uncertainty (normalised entropy above the
/// maximum) flags the result for review.</item>
/// </list>
/// </summary>
public sealed class TriageEvaluator(TriagePolicy policy)
{
    public TriagePolicy Policy => policy;

    public Triage Evaluate(IReadOnlyList<LabelProbability> probabilities, UncertaintySummary? uncertainty)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var triaged = probabilities.Select(p => new TriagedLabel(p.Label, p.Probability, p.Threshold, SeverityOf(p))).ToArray();
        var findings = triaged.Where(t => t.Severity > TriagePriority.Normal)
            .OrderByDescending(t => t.Severity).ThenByDescending(t => t.Probability)
            .ToList();
        if (findings.Count == 0)
        {
            findings.AddRange(triaged.Where(t => IsNormal(t.Label) && t.Probability >= t.Threshold).OrderByDescending(t => t.Probability).Take(1));
        }

        var priority = triaged.Select(t => t.Severity).DefaultIfEmpty(TriagePriority.Normal).Max();
        var reasons = new List<string>(2);
        if (probabilities.Count > 0 && probabilities.Max(p => p.Probability) < policy.MinConfidence)
        {
            reasons.Add(ReviewReasonCodes.LowConfidence);
        }

        if (uncertainty is not null && uncertainty.Normalized > policy.MaxUncertainty)
        {
            reasons.Add(ReviewReasonCodes.HighUncertainty);
        }

        return new Triage(new TriageOutcome(priority, reasons.Count > 0, reasons), findings);
    }

    /// <summary>What a reader of a finding of this severity should do, given whether its result needs review.</summary>
    public string RecommendationFor(TriagePriority severity, bool needsReview) =>
        needsReview && severity < TriagePriority.Critical ? policy.ReviewRecommendation : policy.Recommendations[severity];

    private TriagePriority SeverityOf(LabelProbability label)
    {
        var normal = IsNormal(label.Label);
        if (normal)
        {
            return TriagePriority.Normal;
        }

        var ruled = policy.Rules.Where(r => r.AppliesTo(label.Label, normal)).ToArray();
        var reached = ruled.Where(r => label.Probability >= r.MinProbability).Select(r => r.Priority).DefaultIfEmpty(TriagePriority.Normal).Max();
        return reached == TriagePriority.Normal && label.IsPositive ? TriagePriorityNames.Max(reached, policy.UnruledFindingPriority) : reached;
    }

    private bool IsNormal(string label) => policy.NormalLabels.Contains(label);
}
