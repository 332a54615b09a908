using ClinicalImaging.Application.Triage;
using ClinicalImaging.Domain.Inference;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace ClinicalImaging.UnitTests.Triage;

public sealed class TriageEvaluatorTests
{
    /// <summary>The example of docs/workflow.md, bound as the host binds it.</summary>
    private static readonly Dictionary<string, string?> DocumentedExample = new()
    {
        ["Triage:Rules:0:Label"] = "hemorrhage",
        ["Triage:Rules:0:MinProbability"] = "0.5",
        ["Triage:Rules:0:Priority"] = "critical",
        ["Triage:Rules:1:Label"] = "pneumothorax",
        ["Triage:Rules:1:MinProbability"] = "0.5",
        ["Triage:Rules:1:Priority"] = "critical",
        ["Triage:Rules:2:Label"] = "pleural_effusion",
        ["Triage:Rules:2:MinProbability"] = "0.5",
        ["Triage:Rules:2:Priority"] = "urgent",
        ["Triage:Rules:3:Label"] = "*",
        ["Triage:Rules:3:MinProbability"] = "0.9",
        ["Triage:Rules:3:Priority"] = "urgent",
        ["Triage:MinConfidence"] = "0.6",
        ["Triage:MaxUncertainty"] = "0.5",
    };

    private readonly TriageEvaluator _triage = new(new TriagePolicy(Bind(DocumentedExample)));

    [Fact]
    public void A_result_takes_the_highest_priority_of_its_labels()
    {
        var triage = _triage.Evaluate(
            [P("nodule", 0.8f, 0.21), P("pleural_effusion", 0.7f, 0.44), P("pneumothorax", 0.55f, 0.28), P("normal", 0.05f, 0.73)], null);

        Assert.Equal(TriagePriority.Critical, triage.Outcome.Priority);
        Assert.Equal(["pneumothorax", "pleural_effusion", "nodule"], triage.Findings.Select(f => f.Label));
        Assert.Equal([TriagePriority.Critical, TriagePriority.Urgent, TriagePriority.Routine], triage.Findings.Select(f => f.Severity));
    }

    [Fact]
    public void A_label_above_the_models_threshold_but_below_every_rule_is_routine()
    {
        var triage = _triage.Evaluate([P("pneumothorax", 0.4f, 0.28), P("normal", 0.3f, 0.73)], null);

        Assert.Equal(TriagePriority.Routine, Assert.Single(triage.Findings).Severity);
    }

    [Fact]
    public void A_wildcard_rule_applies_to_any_label_except_the_normal_ones()
    {
        var triage = _triage.Evaluate([P("nodule", 0.95f, 0.21), P("normal", 0.97f, 0.73)], null);

        Assert.Equal(TriagePriority.Urgent, triage.Outcome.Priority);
        Assert.Equal("nodule", Assert.Single(triage.Findings).Label);
    }

    [Fact]
    public void A_normal_study_reports_its_normal_label_and_needs_no_review()
    {
        var triage = _triage.Evaluate([P("no_hemorrhage", 0.93f, 0.53), P("hemorrhage", 0.07f, 0.47)], new UncertaintySummary(20, 0.2f, 0.01f, 0.29f));

        Assert.Equal(TriagePriority.Normal, triage.Outcome.Priority);
        Assert.False(triage.Outcome.NeedsReview);
        var finding = Assert.Single(triage.Findings);
        Assert.Equal(("no_hemorrhage", TriagePriority.Normal), (finding.Label, finding.Severity));
        Assert.Equal("No finding above threshold; routine reading", _triage.RecommendationFor(finding.Severity, needsReview: false));
    }

    [Fact]
    public void Low_confidence_flags_the_result_for_review()
    {
        var triage = _triage.Evaluate([P("no_hemorrhage", 0.55f, 0.53), P("hemorrhage", 0.45f, 0.47)], null);

        Assert.True(triage.Outcome.NeedsReview);
        Assert.Equal([ReviewReasonCodes.LowConfidence], triage.Outcome.ReviewReasons);
    }

    [Fact]
    public void High_uncertainty_flags_the_result_for_review_and_changes_the_recommendation_below_critical()
    {
        var triage = _triage.Evaluate([P("nodule", 0.9f, 0.21)], new UncertaintySummary(20, 0.6f, 0.2f, 0.87f));

        Assert.Equal([ReviewReasonCodes.HighUncertainty], triage.Outcome.ReviewReasons);
        Assert.Equal("Radiologist review recommended: the model is unsure of this result", _triage.RecommendationFor(TriagePriority.Urgent, needsReview: true));
        Assert.Equal("Immediate radiologist review recommended; communicate the critical result", _triage.RecommendationFor(TriagePriority.Critical, needsReview: true));
    }

    [Theory]
    [InlineData("Triage:Rules:0:Priority", "severe", "Triage:Rules:0:Priority is 'severe'; use critical, urgent, routine or normal")]
    [InlineData("Triage:Rules:0:MinProbability", "1.5", "Triage:Rules:0:MinProbability is 1.5; a probability lies in 0..1")]
    [InlineData("Triage:MaxUncertainty", "2", "Triage:MaxUncertainty must lie in 0..1")]
    public void A_misconfigured_rule_is_refused_with_the_setting_named(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>(DocumentedExample) { [key] = value };

        var error = Assert.Throws<InvalidOperationException>(() => new TriagePolicy(Bind(settings)));

        Assert.Equal(message, error.Message);
    }

    private static LabelProbability P(string label, float probability, double threshold) => new(label, probability, threshold);

    private static TriageOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new TriageOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(TriageOptions.Section).Bind(options);
        return options;
    }
}
