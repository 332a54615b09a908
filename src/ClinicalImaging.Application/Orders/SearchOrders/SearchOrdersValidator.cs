using FluentValidation;

namespace ClinicalImaging.Application.Orders.SearchOrders;

public sealed class SearchOrdersValidator : AbstractValidator<SearchOrdersQuery>
{
    public SearchOrdersValidator()
    {
        RuleFor(q => q.Search).NotNull();
        When(q => q.Search is not null, () =>
        {
            RuleFor(q => q.Search.Status).IsInEnum();
            RuleFor(q => q.Search.Priority).IsInEnum();
            RuleFor(q => q.Search.Modality).MaximumLength(16);
            RuleFor(q => q.Search.PatientId).MaximumLength(64);
            RuleFor(q => q.Search.Offset).GreaterThanOrEqualTo(0);
            RuleFor(q => q.Search.Limit).InclusiveBetween(1, SearchOrdersQuery.MaxLimit);
            RuleFor(q => q.Search.ScheduledTo).GreaterThan(q => q.Search.ScheduledFrom)
                .When(q => q.Search.ScheduledFrom is not null && q.Search.ScheduledTo is not null)
                .WithMessage("'scheduledTo' must be later than 'scheduledFrom'");
        });
    }
}
