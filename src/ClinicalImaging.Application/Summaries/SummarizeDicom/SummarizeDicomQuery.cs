using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Dicom;
using FluentValidation;
using MediatR;

namespace ClinicalImaging.Application.Summaries.SummarizeDicom;

/// <summary>A plain-language clinical summary of one uploaded object; nothing is stored; audited like <see cref="AnalyzeDicom.AnalyzeDicomQuery"/>.</summary>
[RequiresAccess(AccessPolicies.ImagingMetadataRead)]
public sealed record SummarizeDicomQuery(DicomFile File) : IRequest<DicomSummary>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.FileSummarize;

    public string AuditResourceType => UploadedFiles.AuditResourceType;

    public IReadOnlyList<string> AuditResourceIds => UploadedFiles.AuditIds(File);
}

/// <param name="Writer"><c>local</c>, or the language model's name when it wrote the text.</param>
/// <param name="FallbackReason">Why the configured language model's text was not used (timeout, provider error); null otherwise.</param>
public sealed record DicomSummary(string Text, string Writer, string? FallbackReason, DicomAnalysis Analysis);

public sealed class SummarizeDicomValidator : AbstractValidator<SummarizeDicomQuery>
{
    public SummarizeDicomValidator() => RuleFor(q => q.File).NotNull().WithMessage("the DICOM file is missing");
}
