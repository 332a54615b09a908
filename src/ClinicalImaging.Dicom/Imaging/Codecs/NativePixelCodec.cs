namespace ClinicalImaging.Dicom.Imaging.Codecs;

/// <summary>Native (uncompressed) pixel data, one instance per byte order.</summary>
public sealed class NativePixelCodec : IPixelCodec
{
    /// <summary>Implicit VR Little Endian, Explicit VR Little Endian, Deflated Explicit VR Little Endian.</summary>
    /// <remarks>Deflate compresses the whole dataset; the reader inflates it before pixel data is seen.</remarks>
    public static readonly NativePixelCodec LittleEndian = new(
        bigEndian: false,
        ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99"]);

    /// <summary>Explicit VR Big Endian (retired, still found in archives).</summary>
    public static readonly NativePixelCodec BigEndian = new(bigEndian: true, ["1.2.840.10008.1.2.2"]);

    private readonly bool _bigEndian;

    private NativePixelCodec(bool bigEndian, string[] transferSyntaxUids)
    {
        _bigEndian = bigEndian;
        TransferSyntaxUids = transferSyntaxUids;
    }

    public IReadOnlyCollection<string> TransferSyntaxUids { get; }

    public bool IsEncapsulated => false;

    public DecodedFrame Decode(ReadOnlySpan<byte> data, PixelDataDescription description, int frameIndex) =>
        NativeFrameDecoder.Decode(data, description, frameIndex, _bigEndian);
}
