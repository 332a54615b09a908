using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.DicomWeb.RetrieveBulkData;

public sealed class RetrieveBulkDataValidator : AbstractValidator<RetrieveBulkDataQuery>
{
    public RetrieveBulkDataValidator()
    {
        this.ValidateScope(q => q.Scope);
        RuleFor(q => q.Scope.SeriesInstanceUid).NotNull().WithMessage("bulk data belongs to one instance: the series UID is missing");
        RuleFor(q => q.Scope.SopInstanceUid).NotNull().WithMessage("bulk data belongs to one instance: the SOP instance UID is missing");
        RuleFor(q => q.Tag).Must(DicomValidationRules.IsTagKey).WithMessage("the attribute must be a tag of 8 hexadecimal digits, e.g. 00282000");
    }
}
