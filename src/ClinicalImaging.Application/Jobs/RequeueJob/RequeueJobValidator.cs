using FluentValidation;

namespace ClinicalImaging.Application.Jobs.RequeueJob;

public sealed class RequeueJobValidator : AbstractValidator<RequeueJobCommand>
{
    public RequeueJobValidator() => RuleFor(c => c.JobId).NotEmpty();
}
