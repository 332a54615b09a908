using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Pacs.DownloadPacsStudy;

/// <summary>A study in the PACS as a ZIP of its DICOM files, streamed from the PACS to the caller (never buffered here).</summary>
/// <param name="Study">The PACS's id of the study or its Study Instance UID (see <see cref="PacsStudyReference"/>).</param>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record DownloadPacsStudyQuery(string Study) : IRequest<PacsStudyArchive>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.PacsStudyDownload;

    public string AuditResourceType => "PacsStudy";

    public IReadOnlyList<string> AuditResourceIds => [Study];
}

/// <summary>The open archive; the caller disposes <paramref name="Content"/>.</summary>
/// <param name="FileName">A file name for the download, from the Study Instance UID.</param>
public sealed record PacsStudyArchive(Stream Content, string FileName);
