using MediatR;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;

namespace ClinicalImaging.Application.Ingest.StoreInstance;

/// <summary>
/// Stores the objects of one request in arrival order: each is staged, its header read and checked, and it is committed
/// to the blob store; then they are indexed in groups of <see cref="IngestOptions.RegistrationBatchSize"/>, one transaction
/// per group. Problems of an object itself come back as a <see cref="StoreOutcome.Failed"/> result with a reason code,
/// so one bad object never stops the others; only a malformed request (e.g. a bad study UID in the URL) throws.
/// </summary>
/// <param name="Objects">The objects, each read forward once and never buffered whole; the next is asked for only after
/// the previous one's content has been read to its end (multipart sections, ZIP entries, PACS downloads).</param>
/// <param name="ExpectedStudyInstanceUid">The study the request addresses (STOW-RS on /studies/{study}); null when any study is accepted.</param>
[RequiresAccess(AccessPolicies.ImagingWrite)]
public sealed record StoreInstancesCommand(IAsyncEnumerable<IncomingObject> Objects, string? ExpectedStudyInstanceUid = null)
    : IRequest<IReadOnlyList<StoreInstanceResult>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.InstanceStore;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => ExpectedStudyInstanceUid is null ? [] : [ExpectedStudyInstanceUid];
}

/// <summary>One object of a request as it arrives: its content, or the failure its framing already decided (a part of the wrong media type).</summary>
public sealed record IncomingObject
{
    private IncomingObject(Stream? content, StoreInstanceResult? refusal) => (Content, Refusal) = (content, refusal);

    /// <summary>The object's bytes, read forward once; null exactly when <see cref="Refusal"/> is set.</summary>
    public Stream? Content { get; }

    public StoreInstanceResult? Refusal { get; }

    public static IncomingObject Of(Stream content) => new(content ?? throw new ArgumentNullException(nameof(content)), null);

    public static IncomingObject Refused(StoreInstanceResult refusal) => new(null, refusal ?? throw new ArgumentNullException(nameof(refusal)));
}

public enum StoreOutcome
{
    /// <summary>The object is new and now stored and indexed.</summary>
    Stored,

    /// <summary>The same SOP instance with the same bytes was stored before: a success, nothing changed.</summary>
    AlreadyStored,

    /// <summary>Nothing of the object was kept; <see cref="StoreInstanceResult.FailureReason"/> says why.</summary>
    Failed,
}

/// <param name="SopClassUid">As read from the object (null when it could not be read).</param>
/// <param name="SopInstanceUid">As read from the object (null when it could not be read).</param>
/// <param name="StudyInstanceUid">As read from the object (null when it could not be read).</param>
/// <param name="SeriesInstanceUid">As read from the object (null when it could not be read).</param>
/// <param name="InstanceId">The archive's id of the stored instance; null on failure.</param>
/// <param name="FailureReason">One of <see cref="StowFailureReasons"/>; null unless failed.</param>
/// <param name="Message">What was wrong, for a person; null unless failed.</param>
public sealed record StoreInstanceResult(
    StoreOutcome Outcome,
    string? SopClassUid,
    string? SopInstanceUid,
    string? StudyInstanceUid,
    string? SeriesInstanceUid,
    Guid? InstanceId,
    ushort? FailureReason,
    string? Message)
{
    public bool Succeeded => Outcome != StoreOutcome.Failed;

    public static StoreInstanceResult Failure(ushort reason, string message, DicomIdentifiers? identifiers = null) =>
        new(StoreOutcome.Failed, identifiers?.SopClassUid, identifiers?.SopInstanceUid, identifiers?.StudyInstanceUid, identifiers?.SeriesInstanceUid, null, reason, message);
}

/// <summary>The UIDs that name an object, as read from its header (any may be null when absent).</summary>
public sealed record DicomIdentifiers(string? SopClassUid, string? SopInstanceUid, string? StudyInstanceUid, string? SeriesInstanceUid);
