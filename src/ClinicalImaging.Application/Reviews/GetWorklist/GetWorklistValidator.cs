using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Reviews;
using FluentValidation;

namespace ClinicalImaging.Application.Reviews.GetWorklist;

public sealed class GetWorklistValidator : AbstractValidator<GetWorklistQuery>
{
    public GetWorklistValidator()
    {
        RuleFor(q => q.Filter).NotNull();
        When(q => q.Filter is not null, () =>
        {
            RuleFor(q => q.Filter.Status).Must(s => s is null or ReviewStatus.Pending or ReviewStatus.InReview)
                .WithMessage("'status' is Pending or InReview: final reviews are not on the worklist");
            RuleFor(q => q.Filter.Priority).Must(p => p is null || TriagePriorityNames.TryParse(p, out _))
                .WithMessage("'priority' is one of normal, routine, urgent, critical");
            RuleFor(q => q.Filter.Modality).MaximumLength(16);
            RuleFor(q => q.Filter.AssigneeId).MaximumLength(128);
            RuleFor(q => q.Filter.Limit).InclusiveBetween(1, GetWorklistQuery.MaxLimit);
        });
    }
}
