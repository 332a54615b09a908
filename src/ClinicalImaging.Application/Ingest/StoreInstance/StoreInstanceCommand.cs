using MediatR;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;

namespace ClinicalImaging.Application.Ingest.StoreInstance;

/// <summary>
/// Stores one incoming object: stage the stream, read its header, check it, commit it to the blob store and index it.
/// Problems of the object itself come back as a <see cref="StoreOutcome.Failed"/> result with a reason code, so one bad
/// object in a batch never stops the others; only a malformed request (e.g. a bad study UID in the URL) throws.
/// </summary>
/// <param name="Content">The object's bytes, read forward once; never buffered whole.</param>
/// <param name="ExpectedStudyInstanceUid">The study the request addresses (STOW-RS on /studies/{study}); null when any study is accepted.</param>
[RequiresAccess(AccessPolicies.ImagingWrite)]
public sealed record StoreInstanceCommand(Stream Content, string? ExpectedStudyInstanceUid = null) : IRequest<StoreInstanceResult>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.InstanceStore;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => ExpectedStudyInstanceUid is null ? [] : [ExpectedStudyInstanceUid];
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
