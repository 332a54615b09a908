namespace ClinicalImaging.Application.DicomWeb;

/// <summary>What retrieval needs to find and label one stored object.</summary>
public sealed record StoredInstance(
    Guid Id,
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string SopInstanceUid,
    string SopClassUid,
    string TransferSyntaxUid,
    string BlobKey,
    long SizeBytes);

/// <summary>A stored instance with its header as DICOM JSON (bulk data left out or given as relative BulkDataURIs).</summary>
public sealed record StoredInstanceHeader(StoredInstance Instance, string HeaderJson);

/// <summary>A study, one of its series, or one instance of that series, as DICOMweb URLs address them.</summary>
public sealed record InstanceScope(string StudyInstanceUid, string? SeriesInstanceUid = null, string? SopInstanceUid = null)
{
    /// <summary>The UIDs that name the scope, for the audit trail.</summary>
    public IReadOnlyList<string> ResourceIds() =>
        new[] { StudyInstanceUid, SeriesInstanceUid, SopInstanceUid }.OfType<string>().ToList();

    public string Describe() => (SeriesInstanceUid, SopInstanceUid) switch
    {
        (null, _) => $"study {StudyInstanceUid}",
        (_, null) => $"series {SeriesInstanceUid} of study {StudyInstanceUid}",
        _ => $"instance {SopInstanceUid} of series {SeriesInstanceUid} of study {StudyInstanceUid}",
    };
}
