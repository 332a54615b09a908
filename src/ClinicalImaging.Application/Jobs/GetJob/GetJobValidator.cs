using FluentValidation;

namespace ClinicalImaging.Application.Jobs.GetJob;

public sealed class GetJobValidator : AbstractValidator<GetJobQuery>
{
    public GetJobValidator() => RuleFor(q => q.JobId).NotEmpty();
}
