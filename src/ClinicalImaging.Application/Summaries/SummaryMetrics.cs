using System.Diagnostics.Metrics;

namespace ClinicalImaging.Application.Summaries;

/// <summary>The summaries feature's meter: how summaries were written, and how often the language model fell back.</summary>
public static class SummaryMetrics
{
    public const string MeterName = "ClinicalImaging.Summaries";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Summaries =
        Meter.CreateCounter<long>("clinical_summaries_total", unit: null, description: "Clinical summaries written, by writer (local, language-model) and outcome (ok, fallback)");

    public static void Record(string writer, string outcome) =>
        Summaries.Add(1, new KeyValuePair<string, object?>("writer", writer), new KeyValuePair<string, object?>("outcome", outcome));
}
