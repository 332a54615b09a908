using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Fhir.Resources;
using MediatR;

namespace ClinicalImaging.Application.Fhir.SearchImagingStudies;

/// <summary>
/// GET /fhir/ImagingStudy?patient=&amp;identifier=&amp;_count=: at least one of patient (Patient/{id} or {id}) and
/// identifier (a Study Instance UID as urn:oid:UID, optionally with the urn:dicom:uid system, or an accession number).
/// </summary>
[RequiresAccess(AccessPolicies.ImagingMetadataRead)]
public sealed record SearchFhirImagingStudiesQuery(string? Patient, string? Identifier, int? Count, FhirRequestContext Request)
    : IRequest<Bundle>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.FhirImagingStudySearch;

    public string AuditResourceType => nameof(ImagingStudy);

    // The patient key is ours (no PHI); an identifier may be an accession number, which is not recorded.
    public IReadOnlyList<string> AuditResourceIds => Patient is null ? [] : [Patient];
}
