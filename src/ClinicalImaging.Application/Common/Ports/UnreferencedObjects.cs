namespace ClinicalImaging.Application.Common.Ports;

/// <summary>
/// Removes an object no row refers to any more. Objects are content-addressed, so the same bytes may belong to another
/// instance; those stay. Not cancellable: it is clean-up after a change that already happened (or failed).
/// </summary>
public static class UnreferencedObjects
{
    /// <returns>Null when the object is gone or still referenced; else why it could not be removed (the stray object
    /// sweeper removes it later; the caller logs and carries on).</returns>
    public static async Task<Exception?> TryRemoveAsync(IStudyStore studies, IBlobStore blobs, string blobKey)
    {
        ArgumentNullException.ThrowIfNull(studies);
        ArgumentNullException.ThrowIfNull(blobs);
        try
        {
            if (!await studies.IsBlobReferencedAsync(blobKey, CancellationToken.None).ConfigureAwait(false))
            {
                await blobs.DeleteAsync(blobKey, CancellationToken.None).ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return exception;
        }
    }
}
