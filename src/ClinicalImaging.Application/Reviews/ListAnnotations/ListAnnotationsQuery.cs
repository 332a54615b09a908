using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reviews.ListAnnotations;

/// <summary>The annotations on an image, oldest first.</summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record ListAnnotationsQuery(Guid InstanceId) : IRequest<IReadOnlyList<AnnotationView>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.AnnotationList;

    public string AuditResourceType => "Annotation";

    public IReadOnlyList<string> AuditResourceIds => [InstanceId.ToString()];
}
