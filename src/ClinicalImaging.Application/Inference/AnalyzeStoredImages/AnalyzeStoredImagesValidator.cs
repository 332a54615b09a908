using FluentValidation;

namespace ClinicalImaging.Application.Inference.AnalyzeStoredImages;

public sealed class AnalyzeStoredImagesValidator : AbstractValidator<AnalyzeStoredImagesQuery>
{
    /// <summary>The most instances one synchronous request may score; larger sets belong on the job queue.</summary>
    public const int MaxInstances = 64;

    public AnalyzeStoredImagesValidator()
    {
        RuleFor(q => q.InstanceIds).NotEmpty().WithMessage("give at least one instance id");
        RuleFor(q => q.InstanceIds.Count).LessThanOrEqualTo(MaxInstances).When(q => q.InstanceIds is not null)
            .WithMessage($"at most {MaxInstances} instances per batch");
        RuleForEach(q => q.InstanceIds).NotEmpty().WithMessage("an instance id is empty");
        RuleFor(q => q.InstanceIds).Must(ids => ids.Distinct().Count() == ids.Count).When(q => q.InstanceIds is not null)
            .WithMessage("an instance id is repeated");
        RuleFor(q => q.Model!).MustBeModelChoice().When(q => q.Model is not null);
        RuleFor(q => q.Frame).MustBeFrameNumber();
    }
}
