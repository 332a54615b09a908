using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.Studies.GetStudyImages;

public sealed class GetStudyImagesValidator : AbstractValidator<GetStudyImagesQuery>
{
    public GetStudyImagesValidator()
    {
        Include(new PagedRequestValidator());
        RuleFor(q => q.StudyInstanceUid).MustBeDicomUid("StudyInstanceUID");
    }
}
