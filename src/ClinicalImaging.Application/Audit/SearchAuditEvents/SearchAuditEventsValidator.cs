using FluentValidation;

namespace ClinicalImaging.Application.Audit.SearchAuditEvents;

public sealed class SearchAuditEventsValidator : AbstractValidator<SearchAuditEventsQuery>
{
    public SearchAuditEventsValidator()
    {
        RuleFor(q => q.Search.PageSize).InclusiveBetween(1, SearchAuditEventsQuery.MaxPageSize).OverridePropertyName("pageSize");
        RuleFor(q => q.Search.To).GreaterThan(q => q.Search.From).When(q => q.Search is { From: not null, To: not null })
            .WithMessage("'to' must be later than 'from'").OverridePropertyName("to");
        RuleFor(q => q.Search.BeforeId).GreaterThan(0).OverridePropertyName("beforeId");
        RuleFor(q => q.Search.ActorId).MaximumLength(128).OverridePropertyName("actorId");
        RuleFor(q => q.Search.Action).MaximumLength(64).OverridePropertyName("action");
        RuleFor(q => q.Search.ResourceType).MaximumLength(64).OverridePropertyName("resourceType");
        RuleFor(q => q.Search.ResourceId).MaximumLength(128).OverridePropertyName("resourceId");
    }
}
