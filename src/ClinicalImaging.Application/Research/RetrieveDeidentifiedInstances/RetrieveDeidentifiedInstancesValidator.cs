using ClinicalImaging.Application.DicomWeb;
using FluentValidation;

namespace ClinicalImaging.Application.Research.RetrieveDeidentifiedInstances;

public sealed class RetrieveDeidentifiedInstancesValidator : AbstractValidator<RetrieveDeidentifiedInstancesQuery>
{
    public RetrieveDeidentifiedInstancesValidator() => this.ValidateScope(q => q.Scope);
}
