using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.DicomWeb.RenderInstance;

public sealed class RenderInstanceValidator : AbstractValidator<RenderInstanceQuery>
{
    public const int MaxViewport = 4096;
    private static readonly string[] WindowFunctions = ["linear", "linear-exact", "sigmoid"];

    public RenderInstanceValidator()
    {
        RuleFor(q => q.Scope.StudyInstanceUid).MustBeDicomUid("StudyInstanceUID");
        RuleFor(q => q.Scope.SeriesInstanceUid!).MustBeDicomUid("SeriesInstanceUID");
        RuleFor(q => q.Scope.SopInstanceUid!).MustBeDicomUid("SOPInstanceUID");
        RuleFor(q => q.Frame).GreaterThanOrEqualTo(1).WithMessage("frame numbers start at 1");
        RuleFor(q => q.Parameters)
            .Must(p => p.WindowCenter.HasValue == p.WindowWidth.HasValue)
            .WithMessage("window needs both a center and a width: window=center,width[,function]");
        RuleFor(q => q.Parameters.WindowWidth).GreaterThanOrEqualTo(1).When(q => q.Parameters.WindowWidth.HasValue)
            .WithMessage("the window width must be at least 1");
        RuleFor(q => q.Parameters.WindowFunction)
            .Must(f => f is null || WindowFunctions.Contains(f, StringComparer.OrdinalIgnoreCase))
            .WithMessage("the window function must be linear, linear-exact or sigmoid");
        RuleFor(q => q.Parameters.ViewportWidth).InclusiveBetween(1, MaxViewport).When(q => q.Parameters.ViewportWidth.HasValue)
            .WithMessage($"viewport sizes must be 1..{MaxViewport}");
        RuleFor(q => q.Parameters.ViewportHeight).InclusiveBetween(1, MaxViewport).When(q => q.Parameters.ViewportHeight.HasValue)
            .WithMessage($"viewport sizes must be 1..{MaxViewport}");
    }
}
