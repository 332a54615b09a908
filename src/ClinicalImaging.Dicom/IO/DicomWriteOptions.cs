namespace ClinicalImaging.Dicom.IO;

/// <summary>How to write a file.</summary>
public sealed record DicomWriteOptions
{
    public static DicomWriteOptions Default { get; } = new();

    /// <summary>The syntax to write; null keeps the file's. Changing between native and encapsulated pixel data needs a codec and is refused.</summary>
    public DicomTransferSyntax? TransferSyntax { get; init; }

    /// <summary>Deflate level for the Deflated Explicit VR Little Endian syntax.</summary>
    public System.IO.Compression.CompressionLevel DeflateLevel { get; init; } = System.IO.Compression.CompressionLevel.Optimal;
}
