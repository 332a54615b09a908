using System.Collections.Concurrent;

namespace ClinicalImaging.Dicom.Imaging.Codecs;

/// <summary>
/// Finds the codec for a transfer syntax. <see cref="CreateDefault"/> knows the managed codecs (native and
/// RLE); hosts register more (GDCM in Infrastructure) at start-up. Safe to read from many threads.
/// </summary>
public sealed class PixelCodecRegistry
{
    private readonly ConcurrentDictionary<string, IPixelCodec> _codecs = new(StringComparer.Ordinal);

    /// <summary>A registry with native little/big endian and RLE Lossless.</summary>
    public static PixelCodecRegistry CreateDefault() =>
        new PixelCodecRegistry()
            .Register(NativePixelCodec.LittleEndian)
            .Register(NativePixelCodec.BigEndian)
            .Register(RlePixelCodec.Instance);

    /// <summary>Transfer syntaxes with a codec.</summary>
    public IReadOnlyCollection<string> TransferSyntaxUids => [.. _codecs.Keys];

    /// <summary>Registers <paramref name="codec"/> for each of its transfer syntaxes, replacing any earlier one.</summary>
    public PixelCodecRegistry Register(IPixelCodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        foreach (string uid in codec.TransferSyntaxUids)
        {
            _codecs[uid] = codec;
        }

        return this;
    }

    public bool TryGetCodec(string transferSyntaxUid, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPixelCodec? codec)
    {
        ArgumentNullException.ThrowIfNull(transferSyntaxUid);
        return _codecs.TryGetValue(transferSyntaxUid.TrimEnd('\0', ' '), out codec);
    }

    /// <exception cref="PixelDataException">No codec is registered for the transfer syntax.</exception>
    public IPixelCodec GetCodec(string transferSyntaxUid) =>
        TryGetCodec(transferSyntaxUid, out var codec)
            ? codec
            : throw new PixelDataException($"No pixel data codec is registered for Transfer Syntax UID {transferSyntaxUid}.");
}
