using FluentValidation;

namespace ClinicalImaging.Application.DicomWeb.RetrieveMetadata;

public sealed class RetrieveMetadataValidator : AbstractValidator<RetrieveMetadataQuery>
{
    public RetrieveMetadataValidator() => this.ValidateScope(q => q.Scope);
}
