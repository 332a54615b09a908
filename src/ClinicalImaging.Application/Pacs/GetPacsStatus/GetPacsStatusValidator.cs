using FluentValidation;

namespace ClinicalImaging.Application.Pacs.GetPacsStatus;

/// <summary>The query has no parameters; the validator exists so that every request has one.</summary>
public sealed class GetPacsStatusValidator : AbstractValidator<GetPacsStatusQuery>;
