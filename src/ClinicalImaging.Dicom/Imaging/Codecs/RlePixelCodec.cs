namespace ClinicalImaging.Dicom.Imaging.Codecs;

/// <summary>RLE Lossless (1.2.840.10008.1.2.5) in managed code.</summary>
public sealed class RlePixelCodec : IPixelCodec
{
    public static readonly RlePixelCodec Instance = new();

    private RlePixelCodec()
    {
    }

    public IReadOnlyCollection<string> TransferSyntaxUids { get; } = ["1.2.840.10008.1.2.5"];

    public bool IsEncapsulated => true;

    public DecodedFrame Decode(ReadOnlySpan<byte> data, PixelDataDescription description, int frameIndex)
    {
        ArgumentNullException.ThrowIfNull(description);
        description.RequireFrame(frameIndex);
        return RleCodec.Decode(data, description);
    }
}
