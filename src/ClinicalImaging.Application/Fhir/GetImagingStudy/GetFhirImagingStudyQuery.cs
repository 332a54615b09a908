using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Fhir.Resources;
using MediatR;

namespace ClinicalImaging.Application.Fhir.GetImagingStudy;

/// <summary>GET /fhir/ImagingStudy/{id}: the id is the Study Instance UID.</summary>
[RequiresAccess(AccessPolicies.ImagingMetadataRead)]
public sealed record GetFhirImagingStudyQuery(string Id, FhirRequestContext Request) : IRequest<ImagingStudy>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.FhirImagingStudyRead;

    public string AuditResourceType => nameof(ImagingStudy);

    public IReadOnlyList<string> AuditResourceIds => [Id];
}
