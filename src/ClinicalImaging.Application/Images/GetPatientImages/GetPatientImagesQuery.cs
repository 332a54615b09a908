using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Studies;
using MediatR;

namespace ClinicalImaging.Application.Images.GetPatientImages;

/// <summary>
/// One page of every image of a patient, found by Patient ID (and issuer, when given). Linking an identifier to images is
/// patient-data access. The audit record never holds the Patient ID: it lists the instance ids returned.
/// </summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record GetPatientImagesQuery(string PatientId, string? IssuerOfPatientId = null, int Page = 1, int PageSize = PagedRequestValidator.DefaultPageSize)
    : IRequest<PagedResult<InstanceView>>, IAuditedRequest, IPagedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.PatientImagesRead;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => [];
}
