using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Dicom;
using MediatR;

namespace ClinicalImaging.Application.Fhir.DescribeDicomFile;

/// <summary>
/// POST /api/v1/dicom/fhir: one DICOM file in (<paramref name="File"/>: its header, read up to Pixel Data), its
/// ImagingStudy out (nothing is stored). The patient of the file is a contained Patient, with its identifying data
/// only for callers who may read patient data.
/// </summary>
[RequiresAccess(AccessPolicies.ImagingMetadataRead)]
public sealed record DescribeDicomFileCommand(DicomFile File, FhirRequestContext Request) : IRequest<ImagingStudy>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.FhirDicomDescribe;

    public string AuditResourceType => nameof(ImagingStudy);

    public IReadOnlyList<string> AuditResourceIds => [];
}
