using ClinicalImaging.Application.Inference;

namespace ClinicalImaging.Application.Analysis;

/// <summary>Configuration section <c>Inference:Analysis</c>: how a queued analysis runs.</summary>
public sealed class AnalysisOptions
{
    public const string Section = "Inference:Analysis";

    /// <summary>The explanation method when a job names none and the model supports it; else the model's first method.</summary>
    public CamMethod DefaultCamMethod { get; set; } = CamMethod.GradCam;

    /// <summary>Monte Carlo dropout passes for the uncertainty of models that have a dropout input; 0 skips it.</summary>
    public int UncertaintySamples { get; set; } = 20;

    /// <summary>Attempts before an inference job is dead.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The priority of jobs queued on ingest (manual requests choose their own; higher runs first).</summary>
    public int IngestPriority { get; set; }
}
