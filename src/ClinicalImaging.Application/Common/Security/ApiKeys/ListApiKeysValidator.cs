using FluentValidation;

namespace ClinicalImaging.Application.Common.Security.ApiKeys;

/// <summary>The query has no parameters; the validator exists so that every request has one.</summary>
public sealed class ListApiKeysValidator : AbstractValidator<ListApiKeysQuery>;
