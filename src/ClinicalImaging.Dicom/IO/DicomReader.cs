using System.Buffers.Binary;
using System.IO.Compression;
using ClinicalImaging.Dicom.Dictionary;

namespace ClinicalImaging.Dicom.IO;

/// <summary>
/// Parses Part 10 files and bare data sets: preamble and DICM optional, file meta optional or broken, implicit and
/// explicit VR, little and big endian, deflated data sets, defined and undefined lengths, nested sequences,
/// undefined-length UN holding implicit VR sequences, and encapsulated pixel data. Anything malformed raises
/// <see cref="DicomParseException"/> with the byte offset and tag; no length is trusted before it is checked.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Instances never leave ReadFile/ReadDataset, which return the pooled buffers in a finally block.")]
public sealed class DicomReader
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private static readonly DicomTag PixelData = new(0x7FE00010);
    private static readonly EncodingRules ExplicitLittle = new(true, false);
    private static readonly EncodingRules ImplicitLittle = new(false, false);

    private readonly DicomByteSource rawSource;
    private readonly DicomReadOptions options;
    private readonly DicomLazySource? lazySource;
    private readonly CancellationToken cancellationToken;
    private DicomByteSource source;

    private DicomReader(Stream stream, DicomReadOptions options, CancellationToken cancellationToken)
    {
        this.options = options;
        this.cancellationToken = cancellationToken;
        rawSource = source = new DicomByteSource(stream, cancellationToken);
        lazySource = options.LazyValueThreshold is not null && stream.CanSeek ? new DicomLazySource(stream) : null;
    }

    /// <summary>Reads a Part 10 file (or a bare data set, whose transfer syntax is then inferred from its first bytes).</summary>
    /// <exception cref="DicomParseException">The data is malformed or truncated.</exception>
    public static DicomFile ReadFile(Stream stream, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new DicomReader(stream, options ?? DicomReadOptions.Default, cancellationToken);
        try
        {
            return reader.ReadFile();
        }
        catch (Exception exception) when (exception is EndOfStreamException or InvalidDataException or OverflowException)
        {
            // DeflateStream reports corrupt data as InvalidDataException, checked arithmetic on forged lengths
            // OverflowException: keep the one-exception-type promise.
            throw new DicomParseException($"Malformed data: {exception.Message}", reader.source.Position, null, exception);
        }
        finally
        {
            reader.ReleaseBuffers();
        }
    }

    /// <summary>Reads a data set with a known transfer syntax (no preamble or file meta), e.g. from a network message.</summary>
    public static DicomDataset ReadDataset(Stream stream, DicomTransferSyntax transferSyntax, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        var reader = new DicomReader(stream, options ?? DicomReadOptions.Default, cancellationToken);
        try
        {
            var dataset = new DicomDataset();
            reader.ReadBody(dataset, transferSyntax);
            return dataset;
        }
        finally
        {
            reader.ReleaseBuffers();
        }
    }

    private void ReleaseBuffers()
    {
        source.Dispose();
        rawSource.Dispose();
    }

    private DicomFile ReadFile()
    {
        var hasPreamble = false;
        if (source.TryEnsure(132) && source.Peek(132)[128..].SequenceEqual("DICM"u8))
        {
            source.Advance(132);
            hasPreamble = true;
        }
        else if (source.TryEnsure(4) && source.Peek(4).SequenceEqual("DICM"u8))
        {
            source.Advance(4);
        }

        var meta = new DicomDataset();
        ReadFileMeta(meta);
        var syntaxUid = meta.GetUid(DicomTags.TransferSyntaxUID);
        var declared = syntaxUid is null ? null : DicomTransferSyntax.Lookup(syntaxUid);
        if (declared is { IsDatasetEncoding: false })
        {
            throw new DicomParseException($"Transfer syntax {declared.Name} does not encode a data set.", source.Position, DicomTags.TransferSyntaxUID);
        }

        var dataset = new DicomDataset();
        var used = ReadBody(dataset, declared);
        return new DicomFile(meta, dataset, used, hasPreamble);
    }

    /// <summary>Reads group 0002 elements while they last, tolerating a missing group length or implicit VR meta.</summary>
    private void ReadFileMeta(DicomDataset meta)
    {
        while (source.TryEnsure(8) && BinaryPrimitives.ReadUInt16LittleEndian(source.Peek(2)) == 0x0002)
        {
            var element = ReadElement(meta, ExplicitLittle, depth: 0) ?? throw Error("Unexpected delimiter in the file meta information.", null);
            meta.AddOrUpdate(element);
        }
    }

    private DicomTransferSyntax ReadBody(DicomDataset dataset, DicomTransferSyntax? declared)
    {
        var syntax = declared ?? DetectTransferSyntax();
        var rules = new EncodingRules(syntax.IsExplicitVR, syntax.IsBigEndian);
        if (syntax.IsDeflated)
        {
            // The deflated remainder is read forward only; lazy values are not possible inside it.
            source = new DicomByteSource(new DeflateStream(source.DetachRemainder(), CompressionMode.Decompress), cancellationToken);
        }
        else if (declared is not null && source.TryEnsure(6) && LooksExplicit(source.Peek(6)) != rules.Explicit)
        {
            // Sloppy writers declare one VR encoding and use the other; follow the bytes, as other toolkits do.
            rules = rules with { Explicit = !rules.Explicit };
        }

        ReadItems(dataset, rules, end: -1, depth: 0);
        return syntax;
    }

    /// <summary>Infers the syntax of a data set without file meta from its first element header.</summary>
    private DicomTransferSyntax DetectTransferSyntax()
    {
        if (!source.TryEnsure(6))
        {
            return DicomTransferSyntax.ImplicitVRLittleEndian;
        }

        var head = source.Peek(6);
        var bigEndian = head[0] == 0 && head[1] != 0; // group 0008 written big endian starts 00 08
        if (bigEndian)
        {
            return DicomTransferSyntax.ExplicitVRBigEndian;
        }

        return LooksExplicit(head) ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
    }

    private static bool LooksExplicit(ReadOnlySpan<byte> header) => DicomVR.TryParse(header[4], header[5], out _);

    /// <summary>Reads elements into <paramref name="dataset"/> until <paramref name="end"/> (or an item delimiter / end of stream when -1).</summary>
    private void ReadItems(DicomDataset dataset, EncodingRules rules, long end, int depth)
    {
        while (end < 0 || source.Position < end)
        {
            if (!source.TryEnsure(8))
            {
                if (depth == 0 && end < 0 && (source.Buffered == 0 || source.Peek(source.Buffered).IndexOfAnyExcept((byte)0) < 0))
                {
                    source.Advance(source.Buffered);
                    return; // end of the data set (zero bytes of trailing padding tolerated)
                }

                throw Error("Truncated data set: the stream ends inside an element header.", null);
            }

            if (depth == 0 && options.StopBeforePixelData && ReadTag(source.Peek(4), rules.BigEndian) >= PixelData)
            {
                return;
            }

            var element = ReadElement(dataset, rules, depth);
            if (element is null)
            {
                return; // item delimitation
            }

            dataset.AddOrUpdate(element);
        }

        if (source.Position > end)
        {
            throw Error("An element runs past the end of its item.", null);
        }
    }

    /// <summary>Reads one element; null for an item delimitation item (the end of an undefined-length item).</summary>
    private DicomElement? ReadElement(DicomDataset dataset, EncodingRules rules, int depth)
    {
        var headerStart = source.Position;
        var header = source.Peek(8);
        var tag = ReadTag(header, rules.BigEndian);
        DicomVR? vr = null;
        uint length;
        if (tag.Group == 0xFFFE)
        {
            length = ReadUInt32(header[4..], rules.BigEndian);
            source.Advance(8);
            if (tag == DicomTag.ItemDelimitationItem)
            {
                return null;
            }

            if (tag == DicomTag.SequenceDelimitationItem && depth == 0)
            {
                return ReadElementAfterStray(dataset, rules, depth); // a stray delimiter at top level: skip it
            }

            throw Error($"Unexpected {(tag == DicomTag.Item ? "item" : "delimiter")} tag inside a data set.", tag, headerStart);
        }

        if (rules.Explicit && DicomVR.TryParse(header[4], header[5], out vr))
        {
            if (vr.ExplicitLengthFieldSize == 2)
            {
                length = rules.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(header[6..]) : BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
                source.Advance(8);
            }
            else
            {
                if (!source.TryEnsure(12))
                {
                    throw Error("Truncated element header.", tag, headerStart);
                }

                length = ReadUInt32(source.Peek(12)[8..], rules.BigEndian);
                source.Advance(12);
            }
        }
        else
        {
            // Implicit VR, or explicit VR whose VR bytes are not a VR (a sloppy writer): the 4-byte length form.
            length = ReadUInt32(header[4..], rules.BigEndian);
            source.Advance(8);
            vr = ImplicitVR(tag, dataset, length);
        }

        return ReadValue(dataset, tag, vr, length, rules, depth, headerStart);
    }

    private DicomElement? ReadElementAfterStray(DicomDataset dataset, EncodingRules rules, int depth) =>
        source.TryEnsure(8) ? ReadElement(dataset, rules, depth) : null;

    private DicomElement ReadValue(DicomDataset dataset, DicomTag tag, DicomVR vr, uint length, EncodingRules rules, int depth, long headerStart)
    {
        if (vr == DicomVR.SQ || (length == UndefinedLength && vr == DicomVR.UN))
        {
            // An undefined-length UN holds a sequence in Implicit VR Little Endian (PS3.5 §6.2.2).
            var itemRules = vr == DicomVR.UN ? ImplicitLittle : rules;
            return ReadSequence(dataset, tag, length, itemRules, depth, headerStart);
        }

        if (length == UndefinedLength)
        {
            if (vr == DicomVR.OB || vr == DicomVR.OW)
            {
                return ReadFragments(tag, vr, rules, headerStart);
            }

            throw Error($"Undefined length is not allowed for VR {vr}.", tag, headerStart);
        }

        if (vr == DicomVR.UN && tag.IsPrivateCreator)
        {
            vr = DicomVR.LO; // a private creator is always LO (PS3.5 §7.8.1)
        }
        else if (vr == DicomVR.UN && KnownVR(tag, dataset) is { } known)
        {
            // A known element sent as UN (e.g. by a node that did not know it): its value is implicit VR little endian.
            if (known == DicomVR.SQ)
            {
                return ReadSequence(dataset, tag, length, ImplicitLittle, depth, headerStart);
            }

            vr = known;
        }

        var buffer = ReadBuffer(tag, vr, length, rules, headerStart);
        return new DicomValueElement(tag, vr, buffer);
    }

    private DicomBuffer ReadBuffer(DicomTag tag, DicomVR vr, long length, EncodingRules rules, long headerStart)
    {
        if (length == 0)
        {
            return DicomBuffer.Empty;
        }

        var swapUnit = rules.BigEndian ? vr.SwapUnit : 1;
        if (lazySource is not null && source == rawSource && length >= options.LazyValueThreshold)
        {
            var position = source.Position;
            if (!source.TrySkip(length))
            {
                throw Truncated(tag, length, headerStart);
            }

            return new LazyDicomBuffer(lazySource, position, length, swapUnit);
        }

        if (length > Array.MaxLength)
        {
            throw Error($"Value length {length} is too large to hold in memory; read lazily from a seekable stream.", tag, headerStart);
        }

        if (!source.TryReadValue(length, out var bytes))
        {
            throw Truncated(tag, length, headerStart);
        }

        ByteSwap.InPlace(bytes.Span, swapUnit);
        return DicomBuffer.FromBytes(bytes);
    }

    private DicomSequence ReadSequence(DicomDataset dataset, DicomTag tag, uint length, EncodingRules rules, int depth, long headerStart)
    {
        if (depth >= options.MaxSequenceDepth)
        {
            throw Error($"Sequences nest deeper than {options.MaxSequenceDepth} levels.", tag, headerStart);
        }

        // A defined sequence length that overshoots the stream is tolerated when the items themselves end cleanly
        // at the end of the stream (writers that drop elements without fixing the length; dcmtk and pydicom read these).
        var end = ClampedEnd(length);
        var items = new List<DicomDataset>();
        while (end < 0 || source.Position < end)
        {
            var itemStart = source.Position;
            if (!source.TryEnsure(8))
            {
                throw Error("Truncated sequence: the stream ends before its end.", tag, itemStart);
            }

            var itemTag = ReadTag(source.Peek(4), rules.BigEndian);
            var itemLength = ReadUInt32(source.Peek(8)[4..], rules.BigEndian);
            source.Advance(8);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                if (end >= 0)
                {
                    continue; // a delimiter inside a defined-length sequence: harmless, skip it
                }

                return new DicomSequence(tag, items);
            }

            if (itemTag != DicomTag.Item)
            {
                throw Error($"Expected an item (FFFE,E000) in the sequence, found {itemTag}.", tag, itemStart);
            }

            var item = new DicomDataset { Parent = dataset };
            var itemEnd = ClampedEnd(itemLength);
            ReadItems(item, rules, itemEnd, depth + 1);
            items.Add(item);
        }

        if (source.Position != end)
        {
            throw Error("An item runs past the end of its sequence.", tag, headerStart);
        }

        return new DicomSequence(tag, items);
    }

    private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr, EncodingRules rules, long headerStart)
    {
        uint[]? offsetTable = null;
        var fragments = new List<DicomFragment>();
        long firstFragmentItem = -1;
        while (true)
        {
            var itemStart = source.Position;
            if (!source.TryEnsure(8))
            {
                throw Error("Truncated encapsulated pixel data: no sequence delimiter.", tag, itemStart);
            }

            var itemTag = ReadTag(source.Peek(4), rules.BigEndian);
            var itemLength = ReadUInt32(source.Peek(8)[4..], rules.BigEndian);
            source.Advance(8);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                return new DicomFragmentSequence(tag, vr, new EncapsulatedPixelData(offsetTable ?? [], fragments));
            }

            if (itemTag != DicomTag.Item || itemLength == UndefinedLength)
            {
                throw Error($"Expected a defined-length item in encapsulated pixel data, found {itemTag}.", tag, itemStart);
            }

            if (offsetTable is null)
            {
                if (itemLength % 4 != 0)
                {
                    throw Error($"The Basic Offset Table length {itemLength} is not a multiple of 4.", tag, itemStart);
                }

                if (!source.TryReadBytes(itemLength, out var table))
                {
                    throw Truncated(tag, itemLength, itemStart);
                }

                offsetTable = new uint[itemLength / 4];
                for (var i = 0; i < offsetTable.Length; i++)
                {
                    offsetTable[i] = BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(i * 4));
                }

                continue;
            }

            if (firstFragmentItem < 0)
            {
                firstFragmentItem = itemStart;
            }

            var dataOffset = source.Position;
            var buffer = ReadBuffer(tag, DicomVR.OB, itemLength, rules, itemStart);
            fragments.Add(new DicomFragment(itemStart - firstFragmentItem, source == rawSource ? dataOffset : -1, buffer));
        }
    }

    /// <summary>
    /// The VR of a public element with one VR in PS3.6, or of a private element its creator's entry in the private
    /// dictionary names (the creator read from the same data set); null when neither knows it.
    /// </summary>
    private static DicomVR? KnownVR(DicomTag tag, DicomDataset dataset)
    {
        if (tag.IsPrivate)
        {
            return DicomPrivateDictionary.Lookup(dataset, tag)?.ValueRepresentation is { } vr && vr != DicomVR.UN ? vr : null;
        }

        return DicomDictionary.Lookup(tag) is { ValueRepresentation: { } known, HasAmbiguousValueRepresentation: false } ? known : null;
    }

    /// <summary>The VR of an element without one in the stream: from the dictionaries, resolving PS3.6's alternatives from context.</summary>
    private static DicomVR ImplicitVR(DicomTag tag, DicomDataset dataset, uint length)
    {
        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }

        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivate)
        {
            // An undefined length can only be a sequence: leave it UN, which is then read as one.
            return length != UndefinedLength && KnownVR(tag, dataset) is { } privateVR ? privateVR : DicomVR.UN;
        }

        var entry = DicomDictionary.Lookup(tag);
        if (entry?.ValueRepresentation is not { } vr)
        {
            return DicomVR.UN;
        }

        if (!entry.HasAmbiguousValueRepresentation)
        {
            return vr;
        }

        var alternatives = entry.ValueRepresentations;
        if (tag == PixelData)
        {
            return length == UndefinedLength ? DicomVR.OB : DicomVR.OW;
        }

        if (tag == DicomTags.LUTData)
        {
            return dataset.TryGetInt64(DicomTags.LUTDescriptor, 0, out var first) && first == 1 ? DicomVR.US : DicomVR.OW;
        }

        if (alternatives.Contains(DicomVR.SS))
        {
            for (var scope = dataset; scope is not null; scope = scope.Parent)
            {
                if (scope.TryGetInt64(DicomTags.PixelRepresentation, 0, out var representation))
                {
                    return representation == 1 ? DicomVR.SS : DicomVR.US;
                }
            }

            return DicomVR.US;
        }

        return alternatives.Contains(DicomVR.OW) ? DicomVR.OW : vr;
    }

    /// <summary>End of a defined-length sequence or item, cut to the end of the stream; -1 for undefined length.</summary>
    private long ClampedEnd(uint length)
    {
        if (length == UndefinedLength)
        {
            return -1;
        }

        return source.Remaining is { } remaining && length > remaining ? source.Position + remaining : source.Position + length;
    }

    private static DicomTag ReadTag(ReadOnlySpan<byte> bytes, bool bigEndian) => bigEndian
        ? new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(bytes), BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]))
        : new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(bytes), BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]));

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    private DicomParseException Truncated(DicomTag tag, long length, long offset) =>
        Error($"Value length {length} runs past the end of the stream{(source.Remaining is { } r ? $" ({r} bytes left)" : string.Empty)}.", tag, offset);

    private DicomParseException Error(string message, DicomTag? tag, long? offset = null) =>
        new(message, offset ?? source.Position, tag);

    private readonly record struct EncodingRules(bool Explicit, bool BigEndian);
}
