using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.Studies.DownloadStudy;

public sealed class DownloadStudyValidator : AbstractValidator<DownloadStudyQuery>
{
    public DownloadStudyValidator() => RuleFor(q => q.StudyInstanceUid).MustBeDicomUid("StudyInstanceUID");
}
