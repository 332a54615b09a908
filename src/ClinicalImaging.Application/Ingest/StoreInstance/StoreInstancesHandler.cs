using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Dictionary;
using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Domain.Common;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Application.Ingest.StoreInstance;

/// <summary>
/// Per object: stage → parse the header → check → commit the object. Then the committed objects are registered in groups
/// (one transaction each). A crash before registration leaves at most unreferenced objects, which
/// <c>StrayObjectSweeper</c> removes; a row never exists without its object.
/// </summary>
public sealed partial class StoreInstancesHandler(
    IBlobStore blobs,
    IStudyStore studies,
    IMediator mediator,
    IValidator<InstanceMetadata> metadataValidator,
    IOptions<IngestOptions> options,
    ILogger<StoreInstancesHandler> logger) : IRequestHandler<StoreInstancesCommand, IReadOnlyList<StoreInstanceResult>>
{
    public async Task<IReadOnlyList<StoreInstanceResult>> Handle(StoreInstancesCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var results = new List<StoreInstanceResult>();
        var committed = new List<CommittedObject>();
        try
        {
            await foreach (var incoming in request.Objects.WithCancellation(cancellationToken))
            {
                var outcome = incoming.Refusal ?? await CommitAsync(incoming.Content!, request.ExpectedStudyInstanceUid, results.Count, committed, cancellationToken);
                results.Add(outcome);
                if (committed.Count >= Math.Max(1, options.Value.RegistrationBatchSize))
                {
                    await RegisterAsync(committed, results, cancellationToken);
                }
            }

            await RegisterAsync(committed, results, cancellationToken);
        }
        catch
        {
            // The request failed (a malformed body, a cancelled client): objects committed but not yet registered go.
            foreach (var orphan in committed)
            {
                await DiscardIfUnreferencedAsync(orphan.Metadata.StoredObject.BlobKey);
            }

            throw;
        }

        return results;
    }

    /// <summary>
    /// Stages, reads and checks one object and commits it to the blob store; it joins <paramref name="committed"/> to be
    /// registered, with a placeholder result at <paramref name="position"/>. Returns the object's own failure otherwise.
    /// </summary>
    private async Task<StoreInstanceResult> CommitAsync(
        Stream content, string? expectedStudyInstanceUid, int position, List<CommittedObject> committed, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxObjectBytes;
        IStagedObject staged;
        try
        {
            staged = await blobs.StageAsync(content, limit, cancellationToken);
        }
        catch (PayloadTooLargeException)
        {
            return StoreInstanceResult.Failure(StowFailureReasons.OutOfResources, $"the object is larger than the limit of {limit} bytes per object");
        }
        catch (UnreadableObjectException exception)
        {
            return StoreInstanceResult.Failure(StowFailureReasons.CannotUnderstand, exception.Message);
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
                await using var stream = staged.OpenRead();
                header = DicomFile.Open(stream, DicomReadOptions.HeaderOnly, cancellationToken);
            }
            catch (DicomParseException exception)
            {
                return StoreInstanceResult.Failure(StowFailureReasons.CannotUnderstand, $"not a readable DICOM object: {exception.Message}");
            }

            using (header)
            {
                var dataset = header.Dataset;
                var identifiers = new DicomIdentifiers(
                    dataset.GetUid(DicomTags.SOPClassUID),
                    dataset.GetUid(DicomTags.SOPInstanceUID),
                    dataset.GetUid(DicomTags.StudyInstanceUID),
                    dataset.GetUid(DicomTags.SeriesInstanceUID));
                if (Refusal(expectedStudyInstanceUid, dataset, identifiers) is { } refusal)
                {
                    return refusal;
                }

                var stored = await blobs.CommitAsync(staged, cancellationToken);
                var metadata = DicomMetadataExtractor.Extract(header, stored);
                var invalid = metadataValidator.Validate(metadata);
                if (!invalid.IsValid)
                {
                    await DiscardIfUnreferencedAsync(stored.BlobKey);
                    return StoreInstanceResult.Failure(StowFailureReasons.DataSetDoesNotMatchSopClass, string.Join("; ", invalid.Errors.Select(e => e.ErrorMessage)), identifiers);
                }

                committed.Add(new CommittedObject(position, identifiers, metadata));
                return Pending;
            }
        }
    }

    /// <summary>Indexes the committed objects in one registration and fills in their results; an object refused there is discarded.</summary>
    private async Task RegisterAsync(List<CommittedObject> committed, List<StoreInstanceResult> results, CancellationToken cancellationToken)
    {
        if (committed.Count == 0)
        {
            return;
        }

        IReadOnlyList<RegistrationResult> registrations;
        try
        {
            registrations = await mediator.Send(new RegisterInstancesCommand(committed.Select(c => c.Metadata).ToList()), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogProcessingFailure(logger, exception.GetType().Name, exception);
            registrations = committed.Select(_ => RegistrationResult.Refused(exception)).ToList();
        }

        foreach (var (item, registration) in committed.Zip(registrations))
        {
            var identifiers = item.Identifiers;
            if (registration.Registration is { } done)
            {
                var outcome = done.Outcome == RegistrationOutcome.Created ? StoreOutcome.Stored : StoreOutcome.AlreadyStored;
                results[item.Position] = new StoreInstanceResult(
                    outcome, identifiers.SopClassUid, identifiers.SopInstanceUid, identifiers.StudyInstanceUid, identifiers.SeriesInstanceUid, done.InstanceId, null, null);
                continue;
            }

            var (reason, message) = registration.Refusal switch
            {
                ConflictException conflict => (StowFailureReasons.DuplicateSopInstance, conflict.Message),
                DomainException domain => (StowFailureReasons.HierarchyMismatch, domain.Message),
                _ => (StowFailureReasons.ProcessingFailure, "the object could not be stored because of an internal error; it was logged"),
            };
            await DiscardIfUnreferencedAsync(item.Metadata.StoredObject.BlobKey);
            results[item.Position] = StoreInstanceResult.Failure(reason, message, identifiers);
        }

        committed.Clear();
    }

    /// <summary>Stands in for a committed object's result until its registration decides it.</summary>
    private static readonly StoreInstanceResult Pending = StoreInstanceResult.Failure(StowFailureReasons.ProcessingFailure, "not registered");

    private sealed record CommittedObject(int Position, DicomIdentifiers Identifiers, InstanceMetadata Metadata);

    /// <summary>Why the object must not be committed at all; null when it may be.</summary>
    private static StoreInstanceResult? Refusal(string? expectedStudyInstanceUid, DicomDataset dataset, DicomIdentifiers identifiers)
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

        if (expectedStudyInstanceUid is { } expected && !string.Equals(expected, identifiers.StudyInstanceUid, StringComparison.Ordinal))
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

    /// <summary>Removes an object this request committed but could not register, unless other rows share its bytes.</summary>
    private async Task DiscardIfUnreferencedAsync(string blobKey)
    {
        if (await UnreferencedObjects.TryRemoveAsync(studies, blobs, blobKey) is { } failure)
        {
            // The sweeper removes it later; the caller's failure result stands.
            LogDiscardFailed(logger, failure.GetType().Name, failure);
        }
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Error, Message = "Storing an object failed with {ExceptionType}")]
    private static partial void LogProcessingFailure(ILogger logger, string exceptionType, Exception exception);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Discarding an unregistered object failed with {ExceptionType}; the stray object sweeper will remove it")]
    private static partial void LogDiscardFailed(ILogger logger, string exceptionType, Exception exception);
}
