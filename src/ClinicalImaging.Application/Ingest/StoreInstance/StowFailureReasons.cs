namespace ClinicalImaging.Application.Ingest.StoreInstance;

/// <summary>
/// Failure Reason (0008,1197) values for objects the archive did not store, for STOW-RS and the REST upload alike.
/// The standard's codes come from PS3.18 Table I.2-2 (Store Instances Response Failure Reason Values); the others
/// are the implementation-specific codes that table allows, documented in docs/conformance.md.
/// </summary>
public static class StowFailureReasons
{
    /// <summary>0110H Processing failure (PS3.18 Table I.2-2): an unexpected error while storing; nothing of the object was kept.</summary>
    public const ushort ProcessingFailure = 0x0110;

    /// <summary>
    /// 0111H Duplicate SOP Instance (the DIMSE status of PS3.7 Annex C, used as an additional code per PS3.18 I.2.2):
    /// the SOP Instance UID is already stored with different bytes. Identical bytes are a success, not this failure.
    /// </summary>
    public const ushort DuplicateSopInstance = 0x0111;

    /// <summary>0122H Referenced SOP Class not supported (PS3.18 Table I.2-2): the SOP Class UID is a registered UID that is not a storage SOP class (e.g. a DICOMDIR).</summary>
    public const ushort SopClassNotSupported = 0x0122;

    /// <summary>A700H Refused: out of resources (PS3.18 Table I.2-2, A7xx): the object is larger than the configured per-object limit.</summary>
    public const ushort OutOfResources = 0xA700;

    /// <summary>A900H Error: data set does not match SOP class (PS3.18 Table I.2-2, A9xx): a required attribute is missing or malformed.</summary>
    public const ushort DataSetDoesNotMatchSopClass = 0xA900;

    /// <summary>A901H (A9xx, implementation specific): the object's Study Instance UID differs from the study named in the request URL.</summary>
    public const ushort StudyInstanceUidMismatch = 0xA901;

    /// <summary>
    /// A902H (A9xx, implementation specific): the object contradicts the archive's hierarchy: its study is filed under
    /// another patient, or its series under another study.
    /// </summary>
    public const ushort HierarchyMismatch = 0xA902;

    /// <summary>C000H Error: cannot understand (PS3.18 Table I.2-2, Cxxx): not a DICOM object, or unreadable or truncated.</summary>
    public const ushort CannotUnderstand = 0xC000;
}
