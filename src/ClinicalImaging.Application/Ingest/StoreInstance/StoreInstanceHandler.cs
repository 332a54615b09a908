using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Dictionary;
using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Domain.Common;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Application.Ingest.StoreInstance;

/// <summary>
/// Stage → parse the header → check → commit the object → register it. A crash before registration leaves at most an
/// unreferenced object, which <c>StrayObjectSweeper</c> removes; a row never exists without its object.
/// </summary>
public sealed partial class StoreInstanceHandler(
    IBlobStore blobs,
    IStudyStore studies,
    IMediator mediator,
    IOptions<IngestOptions> options,
    ILogger<StoreInstanceHandler> logger) : IRequestHandler<StoreInstanceCommand, StoreInstanceResult>
{
    public async Task<StoreInstanceResult> Handle(StoreInstanceCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = options.Value.MaxObjectBytes;
        IStagedObject staged;
        try
        {
            staged = await blobs.StageAsync(request.Content, limit, cancellationToken);
        }
        catch (PayloadTooLargeException)
        {
            return StoreInstanceResult.Failure(StowFailureReasons.OutOfResources, $"the object is larger than the limit of {limit} bytes per object");
        }

        await using (staged)
        {
            if (staged.Length == 0)
            {
                return StoreInstanceResult.Failure(StowFailureReasons.CannotUnderstand, "the object is empty");
            }

            DicomFile header;
            try
            {
                await using var content = staged.OpenRead();
                header = DicomFile.Open(content, DicomReadOptions.HeaderOnly, cancellationToken);
            }
            catch (DicomParseException exception)
            {
                return StoreInstanceResult.Failure(StowFailureReasons.CannotUnderstand, $"not a readable DICOM object: {exception.Message}");
            }

            using (header)
            {
                return await StoreAsync(request, staged, header, cancellationToken);
            }
        }
    }

    private async Task<StoreInstanceResult> StoreAsync(StoreInstanceCommand request, IStagedObject staged, DicomFile header, CancellationToken cancellationToken)
    {
        var dataset = header.Dataset;
        var identifiers = new DicomIdentifiers(
            dataset.GetUid(DicomTags.SOPClassUID),
            dataset.GetUid(DicomTags.SOPInstanceUID),
            dataset.GetUid(DicomTags.StudyInstanceUID),
            dataset.GetUid(DicomTags.SeriesInstanceUID));

        if (Refusal(request, dataset, identifiers) is { } refusal)
        {
            return refusal;
        }

        var stored = await blobs.CommitAsync(staged, cancellationToken);
        try
        {
            var metadata = DicomMetadataExtractor.Extract(header, stored);
            var registration = await mediator.Send(new RegisterInstanceCommand(metadata), cancellationToken);
            var outcome = registration.Outcome == RegistrationOutcome.Created ? StoreOutcome.Stored : StoreOutcome.AlreadyStored;
            return new StoreInstanceResult(
                outcome, identifiers.SopClassUid, identifiers.SopInstanceUid, identifiers.StudyInstanceUid, identifiers.SeriesInstanceUid,
                registration.InstanceId, null, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var (reason, message) = exception switch
            {
                ConflictException conflict => (StowFailureReasons.DuplicateSopInstance, conflict.Message),
                RequestValidationException invalid => (StowFailureReasons.DataSetDoesNotMatchSopClass, string.Join("; ", invalid.Errors.SelectMany(e => e.Value))),
                DomainException domain => (StowFailureReasons.HierarchyMismatch, domain.Message),
                _ => (StowFailureReasons.ProcessingFailure, "the object could not be stored because of an internal error; it was logged"),
            };
            if (reason == StowFailureReasons.ProcessingFailure)
            {
                LogProcessingFailure(logger, exception.GetType().Name, exception);
            }

            await DiscardIfUnreferencedAsync(stored.BlobKey);
            return StoreInstanceResult.Failure(reason, message, identifiers);
        }
    }

    /// <summary>Why the object must not be committed at all; null when it may be.</summary>
    private static StoreInstanceResult? Refusal(StoreInstanceCommand request, DicomDataset dataset, DicomIdentifiers identifiers)
    {
        var problems = RequiredAttributes.FindProblems(dataset);
        if (problems.Count > 0)
        {
            return StoreInstanceResult.Failure(StowFailureReasons.DataSetDoesNotMatchSopClass, string.Join("; ", problems), identifiers);
        }

        // Private SOP classes are accepted; a registered UID that names no storage SOP class (a DICOMDIR, a transfer syntax…) is not.
        var sopClassUid = identifiers.SopClassUid!;
        if (DicomUidRegistry.Lookup(sopClassUid) is { } registered && !IsStorageSopClass(registered))
        {
            return StoreInstanceResult.Failure(
                StowFailureReasons.SopClassNotSupported, $"SOPClassUID (0008,0016) {sopClassUid} ({registered.Name}) is not a storage SOP class", identifiers);
        }

        if (request.ExpectedStudyInstanceUid is { } expected && !string.Equals(expected, identifiers.StudyInstanceUid, StringComparison.Ordinal))
        {
            return StoreInstanceResult.Failure(
                StowFailureReasons.StudyInstanceUidMismatch,
                $"StudyInstanceUID (0020,000D) {identifiers.StudyInstanceUid} differs from the study {expected} named in the request",
                identifiers);
        }

        return null;
    }

    /// <summary>
    /// Storage SOP classes (PS3.4 B.5, retired and trial ones included) are the registered SOP classes named "… Storage"
    /// ("… Storage - For Processing", "… Storage SOP Class" for the retired print ones); the registry's own storage table
    /// lists only the image classes. A DICOMDIR (Media Storage Directory Storage) is no composite object to archive.
    /// </summary>
    private static bool IsStorageSopClass(DicomUidInfo registered) =>
        registered.IsSopClass
        && registered.Name.Contains("Storage", StringComparison.Ordinal)
        && !registered.Name.StartsWith("Storage Commitment", StringComparison.Ordinal)
        && registered.Uid != DicomUids.MediaStorageDirectoryStorage;

    /// <summary>
    /// Removes an object this request committed but could not register. Content addressing means the same bytes may
    /// already belong to an indexed instance; those are kept. Not cancellable: it is clean-up after a failure.
    /// </summary>
    private async Task DiscardIfUnreferencedAsync(string blobKey)
    {
        try
        {
            if (!await studies.IsBlobReferencedAsync(blobKey, CancellationToken.None))
            {
                await blobs.DeleteAsync(blobKey, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The sweeper removes it later; the caller's failure result stands.
            LogDiscardFailed(logger, exception.GetType().Name, exception);
        }
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Error, Message = "Storing an object failed with {ExceptionType}")]
    private static partial void LogProcessingFailure(ILogger logger, string exceptionType, Exception exception);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Discarding an unregistered object failed with {ExceptionType}; the stray object sweeper will remove it")]
    private static partial void LogDiscardFailed(ILogger logger, string exceptionType, Exception exception);
}
