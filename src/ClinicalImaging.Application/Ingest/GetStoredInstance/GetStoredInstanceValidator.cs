using FluentValidation;

namespace ClinicalImaging.Application.Ingest.GetStoredInstance;

public sealed class GetStoredInstanceValidator : AbstractValidator<GetStoredInstanceQuery>
{
    public GetStoredInstanceValidator() => RuleFor(q => q.InstanceId).NotEmpty().WithMessage("the image id is missing");
}
