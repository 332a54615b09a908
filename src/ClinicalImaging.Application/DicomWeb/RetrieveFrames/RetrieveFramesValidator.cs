using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.DicomWeb.RetrieveFrames;

public sealed class RetrieveFramesValidator : AbstractValidator<RetrieveFramesQuery>
{
    public RetrieveFramesValidator()
    {
        RuleFor(q => q.Scope.StudyInstanceUid).MustBeDicomUid("StudyInstanceUID");
        RuleFor(q => q.Scope.SeriesInstanceUid!).MustBeDicomUid("SeriesInstanceUID");
        RuleFor(q => q.Scope.SopInstanceUid!).MustBeDicomUid("SOPInstanceUID");
        RuleFor(q => q.Frames).NotEmpty().WithMessage("name at least one frame, e.g. frames/1 or frames/1,3")
            .Must(f => f.Count <= RetrieveFramesQuery.MaxFrames).WithMessage($"at most {RetrieveFramesQuery.MaxFrames} frames per request");
        RuleForEach(q => q.Frames).GreaterThanOrEqualTo(1).WithMessage("frame numbers start at 1");
    }
}
