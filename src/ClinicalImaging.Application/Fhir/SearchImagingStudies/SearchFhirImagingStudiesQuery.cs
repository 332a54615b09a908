using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Fhir.Resources;
using MediatR;

namespace ClinicalImaging.Application.Fhir.SearchImagingStudies;

/// <summary>
/// GET /fhir/ImagingStudy?patient=&amp;identifier=&amp;_count=&amp;_offset=: at least one of patient (Patient/{id} or {id}) and
/// identifier (a Study Instance UID as urn:oid:UID, optionally with the urn:dicom:uid system, or an accession number).
/// <paramref name="Parameters"/> are the names of every query parameter sent, so that unsupported ones are refused.
/// </summary>
[RequiresAccess(AccessPolicies.ImagingMetadataRead)]
public sealed record SearchFhirImagingStudiesQuery(
    string? Patient, string? Identifier, FhirPaging Paging, IReadOnlyCollection<string> Parameters, FhirRequestContext Request)
    : IRequest<Bundle>, IAuditedRequest
{
    /// <summary>The search parameters this route understands.</summary>
    public static readonly IReadOnlyList<string> Supported = ["patient", "identifier", "_count", "_offset"];

    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.FhirImagingStudySearch;

    public string AuditResourceType => nameof(ImagingStudy);

    // An identifier may be an accession number, which is not recorded.
    public IReadOnlyList<string> AuditResourceIds => FhirSearchParameters.PatientKeysForAudit(Patient);
}
