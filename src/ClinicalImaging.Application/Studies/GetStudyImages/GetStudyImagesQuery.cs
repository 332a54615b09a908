using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Studies.GetStudyImages;

/// <summary>One page of a study's images (instance metadata, no demographics), by series then instance number.</summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record GetStudyImagesQuery(string StudyInstanceUid, int Page = 1, int PageSize = PagedRequestValidator.DefaultPageSize)
    : IRequest<PagedResult<InstanceView>>, IAuditedRequest, IPagedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.StudyImagesRead;

    public string AuditResourceType => "Study";

    /// <summary>The study; the instance ids of the page follow (see <see cref="IAuditedResponse"/>).</summary>
    public IReadOnlyList<string> AuditResourceIds => [StudyInstanceUid];
}
