using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Dicom;
using FluentValidation;
using MediatR;

namespace ClinicalImaging.Application.Summaries.AnalyzeDicom;

/// <summary>
/// The structured description of one uploaded object (its header, read up to Pixel Data). Nothing is stored and the
/// answer holds no direct identifier, so it is open to every role that reads imaging metadata; the use is audited
/// with the object's SOP Instance UID, since the file itself carries patient data.
/// </summary>
[RequiresAccess(AccessPolicies.ImagingMetadataRead)]
public sealed record AnalyzeDicomQuery(DicomFile File) : IRequest<DicomAnalysis>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.FileAnalyze;

    public string AuditResourceType => UploadedFiles.AuditResourceType;

    public IReadOnlyList<string> AuditResourceIds => UploadedFiles.AuditIds(File);
}

public sealed class AnalyzeDicomHandler : IRequestHandler<AnalyzeDicomQuery, DicomAnalysis>
{
    public Task<DicomAnalysis> Handle(AnalyzeDicomQuery request, CancellationToken cancellationToken) =>
        Task.FromResult(DicomAnalyzer.Analyze(request.File));
}

public sealed class AnalyzeDicomValidator : AbstractValidator<AnalyzeDicomQuery>
{
    public AnalyzeDicomValidator() => RuleFor(q => q.File).NotNull().WithMessage("the DICOM file is missing");
}
