using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Security;
using FluentValidation;

namespace ClinicalImaging.Application.Studies.FindInstancesByAttribute;

public sealed class FindInstancesByAttributeValidator : AbstractValidator<FindInstancesByAttributeQuery>
{
    public FindInstancesByAttributeValidator()
    {
        RuleFor(q => q.Tag).Must(DicomValidationRules.IsTagKey)
            .WithMessage("tag must be 8 hexadecimal digits, group then element (e.g. 00180015)");
        RuleFor(q => q.Tag).Must(tag => !DirectIdentifiers.Contains(tag))
            .When(q => DicomValidationRules.IsTagKey(q.Tag))
            .WithMessage(q => $"{DirectIdentifiers.Tags[q.Tag.ToUpperInvariant()]} ({q.Tag}) directly identifies the patient and is not stored in searchable headers");
        RuleFor(q => q.Value).NotEmpty().MaximumLength(1024);
        RuleFor(q => q.Limit).InclusiveBetween(1, FindInstancesByAttributeQuery.MaxLimit);
    }
}
