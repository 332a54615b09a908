using System.Collections.Frozen;

namespace ClinicalImaging.Dicom;

/// <summary>A transfer syntax and how it encodes a data set; the instances are generated from transfer_syntaxes.tsv.</summary>
public sealed partial class DicomTransferSyntax
{
    private static FrozenDictionary<string, DicomTransferSyntax>? byUid;

    private DicomTransferSyntax(string uid, string name, string keyword, bool isRetired, DicomVREncoding vrEncoding, DicomByteOrder byteOrder,
        DicomPixelDataEncoding pixelData, DicomDeflate deflate, DicomCompression compression)
    {
        Uid = uid;
        Name = name;
        Keyword = keyword;
        IsRetired = isRetired;
        VREncoding = vrEncoding;
        ByteOrder = byteOrder;
        PixelData = pixelData;
        Deflate = deflate;
        Compression = compression;
    }

    public string Uid { get; }

    public string Name { get; }

    public string Keyword { get; }

    public bool IsRetired { get; }

    public DicomVREncoding VREncoding { get; }

    public DicomByteOrder ByteOrder { get; }

    public DicomPixelDataEncoding PixelData { get; }

    public DicomDeflate Deflate { get; }

    public DicomCompression Compression { get; }

    public bool IsExplicitVR => VREncoding == DicomVREncoding.Explicit;

    public bool IsBigEndian => ByteOrder == DicomByteOrder.Big;

    /// <summary>The whole data set after the file meta is deflated (RFC 1951).</summary>
    public bool IsDeflated => Deflate == DicomDeflate.Dataset;

    public bool IsEncapsulated => PixelData == DicomPixelDataEncoding.Encapsulated;

    /// <summary>Whether this syntax encodes a Part 10 data set at all (not the MIME, XML and RTV syntaxes).</summary>
    public bool IsDatasetEncoding => VREncoding != DicomVREncoding.NotApplicable;

    /// <summary>Finds a syntax by UID (trailing NUL or space padding ignored); null for an unknown UID.</summary>
    public static DicomTransferSyntax? Lookup(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        byUid ??= All.ToFrozenDictionary(ts => ts.Uid, StringComparer.Ordinal);
        return byUid.GetValueOrDefault(uid.TrimEnd('\0', ' '));
    }

    public override string ToString() => $"{Name} ({Uid})";
}

public enum DicomVREncoding
{
    NotApplicable,
    Implicit,
    Explicit,
}

public enum DicomByteOrder
{
    NotApplicable,
    Little,
    Big,
}

public enum DicomPixelDataEncoding
{
    NotApplicable,

    /// <summary>Pixel Data is a plain value.</summary>
    Native,

    /// <summary>Pixel Data has undefined length and holds a Basic Offset Table item and then fragments.</summary>
    Encapsulated,

    /// <summary>JPIP: no Pixel Data; Pixel Data Provider URL (0028,7FE0) instead.</summary>
    Referenced,
}

public enum DicomDeflate
{
    None,

    /// <summary>The data set after the file meta is deflated.</summary>
    Dataset,

    /// <summary>Each frame is deflated (Deflated Image Frame Compression).</summary>
    Frame,
}

public enum DicomCompression
{
    NotApplicable,
    None,
    Lossless,
    Lossy,
    LossyOrLossless,
}
