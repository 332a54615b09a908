namespace ClinicalImaging.Dicom.Json;

/// <summary>What to do with a binary value when writing DICOM JSON.</summary>
public abstract record DicomBulkDataDecision
{
    /// <summary>Write the bytes as InlineBinary (base64).</summary>
    public static DicomBulkDataDecision Inline { get; } = new InlineDecision();

    /// <summary>Leave the element out of the JSON.</summary>
    public static DicomBulkDataDecision Omit { get; } = new OmitDecision();

    /// <summary>Write a BulkDataURI the caller will serve.</summary>
    public static DicomBulkDataDecision Uri(string uri) => new UriDecision(uri);

    internal sealed record InlineDecision : DicomBulkDataDecision;

    internal sealed record OmitDecision : DicomBulkDataDecision;

    internal sealed record UriDecision(string Value) : DicomBulkDataDecision;
}

/// <summary>Options for <see cref="DicomJsonSerializer"/>.</summary>
public sealed record DicomJsonOptions
{
    public static DicomJsonOptions Default { get; } = new();

    /// <summary>
    /// Chooses, per binary element (OB OD OF OL OV OW UN and encapsulated Pixel Data), between inline, omit and a
    /// bulk data URI. The element's enclosing data set is passed too, to build URIs from UIDs. Null: inline everything.
    /// </summary>
    public Func<DicomElement, DicomDataset, DicomBulkDataDecision>? BulkData { get; init; }

    /// <summary>When writing, elements (at any depth) whose tag this returns true for are left out. Null: none.</summary>
    public Func<DicomTag, bool>? Exclude { get; init; }

    /// <summary>When reading, supplies the bytes behind a BulkDataURI; null (or a null result) leaves the element out.</summary>
    public Func<DicomTag, DicomVR, string, ReadOnlyMemory<byte>?>? ResolveBulkData { get; init; }
}
