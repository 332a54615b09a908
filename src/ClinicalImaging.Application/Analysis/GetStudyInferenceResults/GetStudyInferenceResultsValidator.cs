using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.Analysis.GetStudyInferenceResults;

public sealed class GetStudyInferenceResultsValidator : AbstractValidator<GetStudyInferenceResultsQuery>
{
    public GetStudyInferenceResultsValidator() => RuleFor(q => q.StudyInstanceUid).MustBeDicomUid("StudyInstanceUID");
}
