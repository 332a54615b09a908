using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using MediatR;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Application.Images.DeleteImage;

/// <summary>
/// Rows first, object after the commit: a crash in between leaves an unreferenced object, which the stray object sweeper
/// removes, never a row without its object. Objects are content-addressed, so one still referenced by another row stays.
/// </summary>
public sealed partial class DeleteImageHandler(IImageDeletion deletion, IStudyStore studies, IBlobStore blobs, ILogger<DeleteImageHandler> logger)
    : IRequestHandler<DeleteImageCommand, DeletedImage>
{
    public async Task<DeletedImage> Handle(DeleteImageCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var deleted = await deletion.DeleteImageAsync(request.InstanceId, cancellationToken)
            ?? throw new NotFoundException("Image", request.InstanceId.ToString());
        // Not cancellable: the rows are gone, and the object should follow whether or not the caller still waits.
        if (await UnreferencedObjects.TryRemoveAsync(studies, blobs, deleted.BlobKey) is { } failure)
        {
            LogObjectNotRemoved(logger, failure.GetType().Name, failure);
        }

        return deleted;
    }

    [LoggerMessage(EventId = 5300, Level = LogLevel.Warning,
        Message = "The object of a deleted image could not be removed ({ExceptionType}); the stray object sweeper will remove it")]
    private static partial void LogObjectNotRemoved(ILogger logger, string exceptionType, Exception exception);
}
