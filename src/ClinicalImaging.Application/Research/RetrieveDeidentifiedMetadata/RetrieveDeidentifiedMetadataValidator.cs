using ClinicalImaging.Application.DicomWeb;
using FluentValidation;

namespace ClinicalImaging.Application.Research.RetrieveDeidentifiedMetadata;

public sealed class RetrieveDeidentifiedMetadataValidator : AbstractValidator<RetrieveDeidentifiedMetadataQuery>
{
    public RetrieveDeidentifiedMetadataValidator() => this.ValidateScope(q => q.Scope);
}
