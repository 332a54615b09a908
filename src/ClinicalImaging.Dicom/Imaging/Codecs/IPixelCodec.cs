namespace ClinicalImaging.Dicom.Imaging.Codecs;

/// <summary>Decodes the frames of the transfer syntaxes it declares.</summary>
public interface IPixelCodec
{
    /// <summary>Transfer Syntax UIDs this codec decodes.</summary>
    IReadOnlyCollection<string> TransferSyntaxUids { get; }

    /// <summary>
    /// True when the transfer syntax encapsulates pixel data (PS3.5 A.4): <c>Decode</c> then receives one
    /// frame's fragments, concatenated. False for native syntaxes: <c>Decode</c> receives the whole Pixel
    /// Data value and finds the frame by its index.
    /// </summary>
    bool IsEncapsulated { get; }

    /// <summary>Decodes one frame. The caller owns (and disposes) the returned frame.</summary>
    /// <exception cref="PixelDataException">The data is corrupt, truncated or does not match the description.</exception>
    DecodedFrame Decode(ReadOnlySpan<byte> data, PixelDataDescription description, int frameIndex);
}
