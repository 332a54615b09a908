using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.Studies.GetStudy;

public sealed class GetStudyValidator : AbstractValidator<GetStudyQuery>
{
    public GetStudyValidator() => RuleFor(q => q.StudyInstanceUid).MustBeDicomUid("StudyInstanceUID");
}
