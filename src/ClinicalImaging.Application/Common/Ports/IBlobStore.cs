using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Common.Ports;

/// <summary>
/// Keeps the original objects. Writing is two-phase so that a crash never leaves a row without its object:
/// <see cref="StageAsync"/> streams the bytes to a private temporary file (hashing as they pass), the caller
/// parses and validates it, then <see cref="CommitAsync"/> moves it into place atomically. Objects are
/// content-addressed (their SHA-256 is their key), so keys never come from request input and the same bytes
/// stored twice are one object.
/// </summary>
public interface IBlobStore
{
    /// <summary>Streams <paramref name="content"/> to a staging file; throws <see cref="Exceptions.PayloadTooLargeException"/> past <paramref name="maxBytes"/>.</summary>
    Task<IStagedObject> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Makes the staged object durable under its content address and returns where it lives.</summary>
    Task<StoredObject> CommitAsync(IStagedObject staged, CancellationToken cancellationToken);

    /// <summary>Opens a committed object for reading; throws <see cref="Exceptions.NotFoundException"/> when absent.</summary>
    Stream OpenRead(string blobKey);

    Task DeleteAsync(string blobKey, CancellationToken cancellationToken);

    /// <summary>Committed objects last written before <paramref name="olderThan"/>, for sweeping objects no row refers to.</summary>
    IAsyncEnumerable<string> ListKeysAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes staging files last written before <paramref name="olderThan"/>: uploads abandoned by a crashed process
    /// (a live upload keeps writing its file). Returns how many were deleted.
    /// </summary>
    Task<int> DeleteAbandonedStagingAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}

/// <summary>An object written to staging but not yet committed; disposing it without committing discards it.</summary>
public interface IStagedObject : IAsyncDisposable
{
    long Length { get; }

    /// <summary>Lower-case hexadecimal SHA-256 of the content.</summary>
    string Sha256 { get; }

    /// <summary>A fresh read-only stream over the staged bytes (e.g. to parse the header).</summary>
    Stream OpenRead();
}
