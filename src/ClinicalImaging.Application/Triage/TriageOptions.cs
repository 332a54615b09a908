using ClinicalImaging.Domain.Inference;

namespace ClinicalImaging.Application.Triage;

/// <summary>Configuration section <c>Triage</c>: how model output becomes priorities, review flags and recommendations (docs/workflow.md).</summary>
public sealed class TriageOptions
{
    public const string Section = "Triage";

    /// <summary>Each rule gives its priority to a label whose probability reaches <see cref="TriageRule.MinProbability"/>; the highest wins.</summary>
    public IList<TriageRule> Rules { get; } = [];

    /// <summary>Labels that mean "nothing found" (never a severity above normal); empty: <see cref="DefaultNormalLabels"/>.</summary>
    /// <remarks>Configuration binding appends to a list, so the defaults live apart instead of in the initializer.</remarks>
    public IList<string> NormalLabels { get; } = [];

    public static IReadOnlyList<string> DefaultNormalLabels { get; } = ["normal", "no_finding", "no_hemorrhage"];

    /// <summary>The priority of a label at or above the model's threshold that no rule names.</summary>
    public string UnruledFindingPriority { get; set; } = "routine";

    /// <summary>A result whose highest probability is below this needs review.</summary>
    public double MinConfidence { get; set; } = 0.6;

    /// <summary>A result whose normalised predictive entropy (0..1) is above this needs review.</summary>
    public double MaxUncertainty { get; set; } = 0.5;

    /// <summary>The recommendation of a finding of each priority (keys: normal, routine, urgent, critical).</summary>
    public IDictionary<string, string> Recommendations { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["normal"] = "No finding above threshold; routine reading",
        ["routine"] = "Radiologist review recommended",
        ["urgent"] = "Radiologist review recommended within hours",
        ["critical"] = "Immediate radiologist review recommended; communicate the critical result",
    };

    /// <summary>The recommendation of a finding below critical in a result that needs review.</summary>
    public string ReviewRecommendation { get; set; } = "Radiologist review recommended: the model is unsure of this result";
}

/// <summary>One triage rule.</summary>
public sealed class TriageRule
{
    /// <summary>The model label (case-insensitive), or <c>*</c> for every label except the normal ones.</summary>
    public string Label { get; set; } = "";

    /// <summary>The probability (0..1) at or above which the rule applies.</summary>
    public double MinProbability { get; set; } = 0.5;

    /// <summary><c>critical</c>, <c>urgent</c>, <c>routine</c> or <c>normal</c>.</summary>
    public string Priority { get; set; } = "routine";
}

/// <summary>
/// The options checked once and parsed: a misspelt priority or an out-of-range probability stops start-up with a
/// message naming the setting, rather than silently triaging everything as routine.
/// </summary>
public sealed class TriagePolicy
{
    public TriagePolicy(TriageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Rules = options.Rules.Select((rule, i) => new ParsedRule(
            string.IsNullOrWhiteSpace(rule.Label) ? throw Invalid($"Rules:{i}:Label", "is missing") : rule.Label.Trim(),
            rule.MinProbability is >= 0 and <= 1 ? rule.MinProbability : throw Invalid($"Rules:{i}:MinProbability", $"is {rule.MinProbability}; a probability lies in 0..1"),
            ParsePriority($"Rules:{i}:Priority", rule.Priority))).ToArray();
        NormalLabels = (options.NormalLabels.Count > 0 ? options.NormalLabels.AsEnumerable() : TriageOptions.DefaultNormalLabels).ToHashSet(StringComparer.OrdinalIgnoreCase);
        UnruledFindingPriority = ParsePriority(nameof(options.UnruledFindingPriority), options.UnruledFindingPriority);
        MinConfidence = options.MinConfidence is >= 0 and <= 1 ? options.MinConfidence : throw Invalid(nameof(options.MinConfidence), "must lie in 0..1");
        MaxUncertainty = options.MaxUncertainty is >= 0 and <= 1 ? options.MaxUncertainty : throw Invalid(nameof(options.MaxUncertainty), "must lie in 0..1");
        Recommendations = Enum.GetValues<TriagePriority>().ToDictionary(
            p => p,
            p => options.Recommendations.TryGetValue(p.ToName(), out var text) && !string.IsNullOrWhiteSpace(text)
                ? text
                : throw Invalid($"Recommendations:{p.ToName()}", "is missing"));
        ReviewRecommendation = options.ReviewRecommendation;
    }

    public IReadOnlyList<ParsedRule> Rules { get; }

    public IReadOnlySet<string> NormalLabels { get; }

    public TriagePriority UnruledFindingPriority { get; }

    public double MinConfidence { get; }

    public double MaxUncertainty { get; }

    public IReadOnlyDictionary<TriagePriority, string> Recommendations { get; }

    public string ReviewRecommendation { get; }

    public sealed record ParsedRule(string Label, double MinProbability, TriagePriority Priority)
    {
        public bool AppliesTo(string label, bool isNormalLabel) =>
            Label == "*" ? !isNormalLabel : string.Equals(Label, label, StringComparison.OrdinalIgnoreCase);
    }

    private static TriagePriority ParsePriority(string setting, string? value) =>
        TriagePriorityNames.TryParse(value, out var priority)
            ? priority
            : throw Invalid(setting, $"is '{value}'; use critical, urgent, routine or normal");

    private static InvalidOperationException Invalid(string setting, string problem) => new($"{TriageOptions.Section}:{setting} {problem}");
}
