using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Codecs;

namespace ClinicalImaging.Infrastructure.Codecs;

/// <summary>
/// Decodes the JPEG family, JPEG-LS and JPEG 2000 through GDCM 3.0's C# binding (Debian <c>libgdcm-cil</c>).
/// Each call wraps one frame's bytes as a single-fragment encapsulated Pixel Data element on an in-memory
/// <c>gdcm.Image</c> described by our <see cref="PixelDataDescription"/>, and lets GDCM decompress it; no
/// file or dataset round trip. One instance per transfer syntax (GDCM must be told which decoder to use);
/// <see cref="RegisterAll"/> adds them all to a registry. Calls share no GDCM objects.
/// </summary>
public sealed class GdcmPixelCodec : IPixelCodec
{
    static GdcmPixelCodec()
    {
        // GDCM writes codec warnings (e.g. "DICOM header said 16 but JPEG header says 12") to stderr; failures
        // surface as PixelDataException instead.
        gdcm.Trace.WarningOff();
        gdcm.Trace.DebugOff();
    }

    /// <summary>Transfer syntaxes GDCM decodes for us.</summary>
    public static readonly IReadOnlyList<string> SupportedTransferSyntaxUids =
    [
        "1.2.840.10008.1.2.4.50", // JPEG Baseline (Process 1)
        "1.2.840.10008.1.2.4.51", // JPEG Extended (Process 2 & 4)
        "1.2.840.10008.1.2.4.57", // JPEG Lossless, Non-Hierarchical (Process 14)
        "1.2.840.10008.1.2.4.70", // JPEG Lossless, First-Order Prediction (Process 14, SV1)
        "1.2.840.10008.1.2.4.80", // JPEG-LS Lossless
        "1.2.840.10008.1.2.4.81", // JPEG-LS Lossy (Near-Lossless)
        "1.2.840.10008.1.2.4.90", // JPEG 2000 (Lossless Only)
        "1.2.840.10008.1.2.4.91", // JPEG 2000
    ];

    private readonly string _transferSyntaxUid;

    /// <summary>A codec for one transfer syntax: GDCM must be told which decoder to use.</summary>
    /// <exception cref="PixelDataException">GDCM is not used for <paramref name="transferSyntaxUid"/>.</exception>
    public GdcmPixelCodec(string transferSyntaxUid)
    {
        ArgumentNullException.ThrowIfNull(transferSyntaxUid);
        if (!SupportedTransferSyntaxUids.Contains(transferSyntaxUid))
        {
            throw new PixelDataException($"The GDCM codec does not handle Transfer Syntax UID {transferSyntaxUid}.");
        }

        _transferSyntaxUid = transferSyntaxUid;
        TransferSyntaxUids = [transferSyntaxUid];
    }

    public IReadOnlyCollection<string> TransferSyntaxUids { get; }

    public bool IsEncapsulated => true;

    /// <summary>Adds a GDCM codec for every supported transfer syntax to <paramref name="registry"/>.</summary>
    public static PixelCodecRegistry RegisterAll(PixelCodecRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (string uid in SupportedTransferSyntaxUids)
        {
            registry.Register(new GdcmPixelCodec(uid));
        }

        return registry;
    }

    /// <exception cref="PixelDataException">GDCM cannot decode the frame, or its output does not fit the description.</exception>
    public DecodedFrame Decode(ReadOnlySpan<byte> data, PixelDataDescription description, int frameIndex)
    {
        ArgumentNullException.ThrowIfNull(description);
        description.RequireFrame(frameIndex);
        if (data.IsEmpty)
        {
            throw new PixelDataException($"Frame {frameIndex + 1} has no encapsulated data to decode.");
        }

        byte[] decoded = DecodeWithGdcm(data.ToArray(), description, _transferSyntaxUid, out string gdcmPhotometric);
        var frame = new DecodedFrame(
            description.Rows,
            description.Columns,
            description.SamplesPerPixel,
            description.DecodedSampleType,
            description.BitsStored,
            DecodedPhotometric(gdcmPhotometric, description));
        try
        {
            if (decoded.Length != frame.ByteLength)
            {
                throw new PixelDataException(
                    $"GDCM decoded {decoded.Length} bytes for frame {frameIndex + 1}; {description.Rows} x {description.Columns} x {description.SamplesPerPixel} samples of {description.BitsAllocated} bits need {frame.ByteLength}.");
            }

            decoded.CopyTo(frame.Bytes);
            frame.NormalizeStoredBits(description.HighBit);
            return frame;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    private static byte[] DecodeWithGdcm(byte[] data, PixelDataDescription description, string transferSyntaxUid, out string photometric)
    {
        using var fragment = new gdcm.Fragment();
        fragment.SetByteValue(data, new gdcm.VL((uint)data.Length));
        // The data element's smart pointer takes ownership of the fragment sequence (and deletes it with the
        // last copy of the element), so the managed wrapper must never delete it too.
        var fragments = new gdcm.SequenceOfFragments();
#pragma warning disable CA1816 // Deliberate: the wrapper's finalizer would delete what the smart pointer owns.
        GC.SuppressFinalize(fragments);
#pragma warning restore CA1816
        fragments.AddFragment(fragment);
        using var pixelData = new gdcm.DataElement(new gdcm.Tag(0x7FE0, 0x0010));
        pixelData.SetValue(fragments);

        using var image = new gdcm.Image();
        using var pixelFormat = new gdcm.PixelFormat(
            (ushort)description.SamplesPerPixel,
            (ushort)description.BitsAllocated,
            (ushort)description.BitsStored,
            (ushort)description.HighBit,
            (ushort)description.PixelRepresentation);
        using var photometricInterpretation = new gdcm.PhotometricInterpretation(
            gdcm.PhotometricInterpretation.GetPIType(description.PhotometricInterpretation.ToCode()));
        using var transferSyntax = new gdcm.TransferSyntax(gdcm.TransferSyntax.GetTSType(transferSyntaxUid));
        image.SetNumberOfDimensions(2);
        image.SetDimension(0, (uint)description.Columns);
        image.SetDimension(1, (uint)description.Rows);
        image.SetPixelFormat(pixelFormat);
        image.SetPhotometricInterpretation(photometricInterpretation);
        image.SetPlanarConfiguration(0); // JPEG-family decoders output interleaved samples
        image.SetTransferSyntax(transferSyntax);
        image.SetDataElement(pixelData);

        byte[] buffer = new byte[image.GetBufferLength()];
        bool decoded;
        try
        {
            decoded = image.GetBuffer(buffer);
        }
        catch (Exception error) when (error is ApplicationException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new PixelDataException($"GDCM failed on a {transferSyntaxUid} frame: {error.Message}", error);
        }

        if (!decoded)
        {
            throw new PixelDataException(
                $"GDCM could not decode the {transferSyntaxUid} frame ({data.Length} bytes); it is corrupt or does not match the Image Pixel attributes.");
        }

        using var outputPhotometric = image.GetPhotometricInterpretation();
        photometric = outputPhotometric.GetString();
        return buffer;
    }

    /// <summary>
    /// What the decoded samples are. JPEG decoders upsample subsampled YCbCr to full resolution but leave it
    /// YCbCr; JPEG 2000 decoders undo the RCT/ICT component transform and yield RGB.
    /// </summary>
    private static PhotometricInterpretation DecodedPhotometric(string gdcmPhotometric, PixelDataDescription description)
    {
        var reported = string.IsNullOrWhiteSpace(gdcmPhotometric)
            ? description.PhotometricInterpretation
            : PhotometricInterpretationCodes.Parse(gdcmPhotometric);
        return reported switch
        {
            PhotometricInterpretation.YbrFull422 => PhotometricInterpretation.YbrFull,
            PhotometricInterpretation.YbrRct or PhotometricInterpretation.YbrIct => PhotometricInterpretation.Rgb,
            _ => reported,
        };
    }
}
