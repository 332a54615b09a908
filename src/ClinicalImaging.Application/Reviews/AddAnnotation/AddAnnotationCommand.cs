using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Domain.Reviews;
using MediatR;

namespace ClinicalImaging.Application.Reviews.AddAnnotation;

/// <summary>A box, measurement, label or note on an image, in pixel coordinates of its first frame.</summary>
[RequiresAccess(AccessPolicies.Review)]
public sealed record AddAnnotationCommand(Guid InstanceId, AnnotationKind Kind, IReadOnlyList<double> Coordinates, string? Text)
    : IRequest<AnnotationView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.AnnotationCreate;

    public string AuditResourceType => "Annotation";

    public IReadOnlyList<string> AuditResourceIds => [InstanceId.ToString()];
}
