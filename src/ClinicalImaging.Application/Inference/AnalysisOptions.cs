using FluentValidation;

namespace ClinicalImaging.Application.Inference;

/// <summary>What to compute for one image (API parameters and CLI options alike).</summary>
/// <param name="Model">The model id; null lets the registry choose by the image's modality and body part.</param>
/// <param name="Cam">The CAM method, or null for no explanation.</param>
/// <param name="TargetLabel">The class to explain; null explains the most probable one.</param>
/// <param name="Ensemble">Also run every model that serves the image and average their probabilities.</param>
/// <param name="UncertaintySamples">Monte Carlo dropout passes of the model, or null for none.</param>
/// <param name="RenderImages">Render the heatmap and overlay PNGs (off: regions and quality only).</param>
/// <param name="OverlayAlpha">Weight of the heatmap in the overlay, 0..1.</param>
/// <param name="Frame">The frame to analyse, from 1.</param>
public sealed record AnalysisOptions(
    string? Model = null,
    CamMethod? Cam = CamMethod.GradCam,
    string? TargetLabel = null,
    bool Ensemble = false,
    int? UncertaintySamples = null,
    bool RenderImages = true,
    double OverlayAlpha = 0.4,
    int Frame = 1)
{
    /// <summary>The word that asks for automatic model selection, where a model id could be given.</summary>
    public const string AutomaticModel = "auto";

    /// <summary>The model id, or null for <see cref="AutomaticModel"/> or nothing.</summary>
    public static string? ModelIdOf(string? model) =>
        string.IsNullOrWhiteSpace(model) || model.Trim().Equals(AutomaticModel, StringComparison.OrdinalIgnoreCase) ? null : model.Trim();
}

/// <summary>The option rules every analysis request shares.</summary>
public sealed class AnalysisOptionsValidator : AbstractValidator<AnalysisOptions>
{
    public AnalysisOptionsValidator()
    {
        RuleFor(o => o.Model!).MustBeModelChoice().When(o => o.Model is not null);
        RuleFor(o => o.TargetLabel).Null().When(o => o.Cam is null).WithMessage("a target label needs a CAM method");
        RuleFor(o => o.TargetLabel!).MaximumLength(AnalysisRules.MaxNameLength).When(o => o.TargetLabel is not null);
        RuleFor(o => o.UncertaintySamples).GreaterThanOrEqualTo(2).When(o => o.UncertaintySamples is not null)
            .WithMessage("Monte Carlo dropout needs at least 2 samples");
        RuleFor(o => o.OverlayAlpha).InclusiveBetween(0, 1).WithMessage("the overlay alpha must be between 0 and 1");
        RuleFor(o => o.Frame).MustBeFrameNumber();
    }
}

/// <summary>Rules for the parameters that single and batch analyses share.</summary>
public static class AnalysisRules
{
    public const int MaxNameLength = 128;

    /// <summary>"auto" or a model id: model ids are folder names (letters, digits, '.', '-', '_').</summary>
    public static IRuleBuilderOptions<T, string> MustBeModelChoice<T>(this IRuleBuilder<T, string> rule) =>
        rule.MaximumLength(MaxNameLength)
            .Matches("^[A-Za-z0-9._-]+$").WithMessage("the model must be 'auto' or a model id (letters, digits, '.', '-', '_')");

    public static IRuleBuilderOptions<T, int> MustBeFrameNumber<T>(this IRuleBuilder<T, int> rule) =>
        rule.GreaterThanOrEqualTo(1).WithMessage("frame numbers start at 1");
}
