using ClinicalImaging.Application.Audit;
using FluentValidation;

namespace ClinicalImaging.Application.Common;

/// <summary>
/// One page of an ordered result: <see cref="Items"/> are rows <c>(Page - 1) × PageSize</c> onwards of <see cref="Total"/>.
/// Whatever the items name (study UIDs, instance ids) is what the audit trail records as read.
/// </summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, long Total, int Page, int PageSize) : IAuditedResponse
{
    IReadOnlyList<string> IAuditedResponse.AuditResourceIds => Items.OfType<IAuditedResource>().Select(i => i.AuditResourceId).ToList();
}

/// <summary>A read model that names itself in the audit trail when a response discloses it.</summary>
public interface IAuditedResource
{
    string AuditResourceId { get; }
}

/// <summary>A request for one page of an ordered result; its validator includes <see cref="PagedRequestValidator"/>.</summary>
public interface IPagedRequest
{
    /// <summary>From 1.</summary>
    int Page { get; }

    int PageSize { get; }
}

/// <summary>Page numbers and sizes as every paged request accepts them; errors name the query parameters.</summary>
public sealed class PagedRequestValidator : AbstractValidator<IPagedRequest>
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Deeper pages are refused: an offset costs a scan of every row before it; narrow the filters instead.</summary>
    public const int MaxPage = 10_000;

    public PagedRequestValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, MaxPage).OverridePropertyName("page")
            .WithMessage($"page counts from 1 and goes up to {MaxPage}");
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize).OverridePropertyName("pageSize")
            .WithMessage($"pageSize must be between 1 and {MaxPageSize}");
    }
}
