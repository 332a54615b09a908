using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Domain.Reviews;
using MediatR;

namespace ClinicalImaging.Application.Reviews.AddAnnotation;

public sealed class AddAnnotationHandler(IReviewStore reviews, IWorkflowUnitOfWork unitOfWork, ICurrentUser user)
    : IRequestHandler<AddAnnotationCommand, AnnotationView>
{
    public async Task<AnnotationView> Handle(AddAnnotationCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var geometry = await reviews.FindImageGeometryAsync(request.InstanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Image", request.InstanceId.ToString());
        var annotation = Annotation.Create(request.InstanceId, request.Kind, request.Coordinates, request.Text, geometry, user.ActorId);
        reviews.Add(annotation);
        await unitOfWork.SaveAsync(
            new AuditRecord(request.AuditAction, request.AuditResourceType, [annotation.Id.ToString(), request.InstanceId.ToString()], AuditOutcome.Success),
            cancellationToken).ConfigureAwait(false);
        return new AnnotationView(
            annotation.Id, annotation.InstanceKey, annotation.Kind, annotation.Coordinates, annotation.Text, annotation.LengthMm, annotation.AuthorId, annotation.CreatedAt);
    }
}
