using System.Buffers.Binary;
using System.IO.Compression;

namespace ClinicalImaging.Dicom.IO;

/// <summary>
/// Writes Part 10 files and data sets in any uncompressed syntax, deflated, or with encapsulated pixel data as it is.
/// Sequences and items are written with undefined length; values are padded to even length with the VR's padding
/// byte; group length elements outside group 0002 are dropped (they are deprecated and would go stale).
/// </summary>
public static class DicomWriter
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>Writes preamble, DICM, freshly generated file meta, and the data set.</summary>
    public static void WriteFile(Stream stream, DicomFile file, DicomWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(file);
        options ??= DicomWriteOptions.Default;
        var syntax = options.TransferSyntax ?? file.TransferSyntax;
        var meta = BuildFileMeta(file.FileMetaInformation, file.Dataset, syntax);
        stream.Write(new byte[128]);
        stream.Write("DICM"u8);
        WriteDataset(stream, meta, DicomTransferSyntax.ExplicitVRLittleEndian);
        if (syntax.IsDeflated)
        {
            using var deflate = new DeflateStream(stream, options.DeflateLevel, leaveOpen: true);
            using var buffered = new BufferedStream(deflate, 64 * 1024);
            WriteDataset(buffered, file.Dataset, syntax);
        }
        else
        {
            WriteDataset(stream, file.Dataset, syntax);
        }
    }

    /// <summary>Writes a bare data set (no preamble or meta) in the given syntax; deflation is the caller's business.</summary>
    public static void WriteDataset(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        if (!syntax.IsDatasetEncoding)
        {
            throw new DicomValueException($"{syntax.Name} does not encode a data set.");
        }

        new Writer(stream, syntax).WriteItems(dataset, isMeta: dataset.Any(e => e.Tag.Group == 0x0002));
    }

    /// <summary>File meta per PS3.10 §7.1: version, SOP class and instance, syntax, our implementation; other meta elements kept.</summary>
    public static DicomDataset BuildFileMeta(DicomDataset existingMeta, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(existingMeta);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        var meta = new DicomDataset(existingMeta.Where(e => e.Tag.Group == 0x0002 && e.Tag.Element != 0x0000));
        meta.Set(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0x00, 0x01 });
        var sopClass = dataset.GetUid(DicomTags.SOPClassUID) ?? existingMeta.GetUid(DicomTags.MediaStorageSOPClassUID);
        var sopInstance = dataset.GetUid(DicomTags.SOPInstanceUID) ?? existingMeta.GetUid(DicomTags.MediaStorageSOPInstanceUID);
        if (sopClass is not null)
        {
            meta.Set(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, sopClass);
        }

        if (sopInstance is not null)
        {
            meta.Set(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, sopInstance);
        }

        meta.Set(DicomTags.TransferSyntaxUID, DicomVR.UI, syntax.Uid);
        meta.Set(DicomTags.ImplementationClassUID, DicomVR.UI, DicomImplementation.ClassUid);
        meta.Set(DicomTags.ImplementationVersionName, DicomVR.SH, DicomImplementation.VersionName);

        using var measure = new MemoryStream();
        WriteDataset(measure, meta, DicomTransferSyntax.ExplicitVRLittleEndian);
        meta.Set(DicomTags.FileMetaInformationGroupLength, DicomVR.UL, (uint)measure.Length);
        return meta;
    }

    private sealed class Writer(Stream stream, DicomTransferSyntax syntax)
    {
        private readonly bool bigEndian = syntax.IsBigEndian;
        private readonly bool explicitVR = syntax.IsExplicitVR;

        public void WriteItems(DicomDataset dataset, bool isMeta)
        {
            foreach (var element in dataset)
            {
                if (element.Tag.IsGroupLength && !(isMeta && element.Tag.Group == 0x0002))
                {
                    continue;
                }

                switch (element)
                {
                    case DicomSequence sequence:
                        WriteHeader(sequence.Tag, DicomVR.SQ, UndefinedLength);
                        foreach (var item in sequence.Items)
                        {
                            WriteTagAndLength(DicomTag.Item, UndefinedLength);
                            WriteItems(item, isMeta: false);
                            WriteTagAndLength(DicomTag.ItemDelimitationItem, 0);
                        }

                        WriteTagAndLength(DicomTag.SequenceDelimitationItem, 0);
                        break;
                    case DicomFragmentSequence fragments:
                        WriteFragments(fragments);
                        break;
                    case DicomValueElement value:
                        WriteValue(value);
                        break;
                }
            }
        }

        private void WriteValue(DicomValueElement element)
        {
            if (element.Tag == DicomTags.PixelData && syntax.IsEncapsulated)
            {
                throw new DicomValueException($"Native Pixel Data cannot be written in {syntax.Name} without a codec.");
            }

            var length = element.Length;
            var padded = length + (length & 1);
            if (padded > UndefinedLength - 1)
            {
                throw new DicomValueException($"{element.Tag} is too long ({length} bytes) for a 32-bit length.");
            }

            var vr = element.VR;
            if (explicitVR && vr.ExplicitLengthFieldSize == 2 && padded > ushort.MaxValue)
            {
                // The short form cannot hold it; UN has the long form and keeps the bytes (PS3.5 §6.2.2 note).
                vr = DicomVR.UN;
            }

            WriteHeader(element.Tag, vr, (uint)padded);
            var swapUnit = bigEndian ? element.VR.SwapUnit : 1;
            if (swapUnit > 1)
            {
                var bytes = element.Buffer.GetBytes().ToArray();
                ByteSwap.InPlace(bytes, swapUnit);
                stream.Write(bytes);
            }
            else
            {
                element.Buffer.WriteTo(stream);
            }

            if (padded != length)
            {
                stream.WriteByte(element.VR.PaddingByte);
            }
        }

        private void WriteFragments(DicomFragmentSequence element)
        {
            if (!syntax.IsEncapsulated)
            {
                throw new DicomValueException($"Encapsulated Pixel Data cannot be written in {syntax.Name} without a codec.");
            }

            WriteHeader(element.Tag, element.VR, UndefinedLength);
            var table = element.PixelData.BasicOffsetTable;
            WriteTagAndLength(DicomTag.Item, (uint)(table.Count * 4));
            Span<byte> word = stackalloc byte[4];
            foreach (var offset in table)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(word, offset);
                stream.Write(word);
            }

            foreach (var fragment in element.PixelData.Fragments)
            {
                var odd = fragment.Length % 2 == 1;
                WriteTagAndLength(DicomTag.Item, checked((uint)(fragment.Length + (odd ? 1 : 0))));
                fragment.Buffer.WriteTo(stream);
                if (odd)
                {
                    stream.WriteByte(0);
                }
            }

            WriteTagAndLength(DicomTag.SequenceDelimitationItem, 0);
        }

        private void WriteHeader(DicomTag tag, DicomVR vr, uint length)
        {
            // File meta is always explicit VR little endian, whatever the data set syntax.
            var isMeta = tag.Group == 0x0002;
            var big = bigEndian && !isMeta;
            Span<byte> header = stackalloc byte[12];
            WriteTag(header, tag, big);
            if (!explicitVR && !isMeta)
            {
                WriteUInt32(header[4..], length, big);
                stream.Write(header[..8]);
                return;
            }

            header[4] = (byte)vr.Code[0];
            header[5] = (byte)vr.Code[1];
            if (vr.ExplicitLengthFieldSize == 2)
            {
                if (big)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(header[6..], (ushort)length);
                }
                else
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
                }

                stream.Write(header[..8]);
                return;
            }

            header[6] = header[7] = 0;
            WriteUInt32(header[8..], length, big);
            stream.Write(header);
        }

        private void WriteTagAndLength(DicomTag tag, uint length)
        {
            Span<byte> header = stackalloc byte[8];
            WriteTag(header, tag, bigEndian);
            WriteUInt32(header[4..], length, bigEndian);
            stream.Write(header);
        }

        private static void WriteTag(Span<byte> destination, DicomTag tag, bool big)
        {
            if (big)
            {
                BinaryPrimitives.WriteUInt16BigEndian(destination, tag.Group);
                BinaryPrimitives.WriteUInt16BigEndian(destination[2..], tag.Element);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(destination, tag.Group);
                BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], tag.Element);
            }
        }

        private static void WriteUInt32(Span<byte> destination, uint value, bool big)
        {
            if (big)
            {
                BinaryPrimitives.WriteUInt32BigEndian(destination, value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
            }
        }
    }
}
