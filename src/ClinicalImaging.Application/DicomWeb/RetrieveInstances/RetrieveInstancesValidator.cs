using FluentValidation;

namespace ClinicalImaging.Application.DicomWeb.RetrieveInstances;

public sealed class RetrieveInstancesValidator : AbstractValidator<RetrieveInstancesQuery>
{
    public RetrieveInstancesValidator() => this.ValidateScope(q => q.Scope);
}
