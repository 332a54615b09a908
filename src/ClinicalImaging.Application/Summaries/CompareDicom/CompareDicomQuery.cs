using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Dicom;
using FluentValidation;
using MediatR;

namespace ClinicalImaging.Application.Summaries.CompareDicom;

/// <summary>
/// Two uploaded objects compared: how they relate (same patient, study, series, frame of reference — said without the
/// identifiers), which described attributes differ, and a summary. Nothing is stored; audited like <see cref="AnalyzeDicom.AnalyzeDicomQuery"/>.
/// </summary>
[RequiresAccess(AccessPolicies.ImagingMetadataRead)]
public sealed record CompareDicomQuery(DicomFile First, DicomFile Second) : IRequest<DicomComparison>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.FileCompare;

    public string AuditResourceType => UploadedFiles.AuditResourceType;

    public IReadOnlyList<string> AuditResourceIds => [.. UploadedFiles.AuditIds(First), .. UploadedFiles.AuditIds(Second)];
}

public sealed class CompareDicomHandler : IRequestHandler<CompareDicomQuery, DicomComparison>
{
    public Task<DicomComparison> Handle(CompareDicomQuery request, CancellationToken cancellationToken) =>
        Task.FromResult(DicomComparer.Compare(request.First, request.Second));
}

public sealed class CompareDicomValidator : AbstractValidator<CompareDicomQuery>
{
    public CompareDicomValidator()
    {
        RuleFor(q => q.First).NotNull().WithMessage("the first DICOM file is missing");
        RuleFor(q => q.Second).NotNull().WithMessage("the second DICOM file is missing");
    }
}
