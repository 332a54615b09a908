using System.Buffers.Binary;

namespace ClinicalImaging.Dicom.Imaging.Display;

/// <summary>
/// A DICOM lookup table (Modality LUT, VOI LUT or one channel of a palette): input values from
/// <see cref="FirstMappedValue"/> map to <see cref="Entries"/> in order; inputs below the first or above
/// the last mapped value take the first or last entry (PS3.3 C.11.1.1.1, C.11.2.1.1).
/// </summary>
public sealed class LookupTable
{
    private readonly ushort[] _entries;

    public LookupTable(int firstMappedValue, int bitsPerEntry, ushort[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Length is 0 or > 65536)
        {
            throw new PixelDataException($"A lookup table needs 1..65536 entries, not {entries.Length}.");
        }

        if (bitsPerEntry is < 8 or > 16)
        {
            throw new PixelDataException($"LUT Descriptor bits per entry {bitsPerEntry} is not supported; expected 8..16.");
        }

        FirstMappedValue = firstMappedValue;
        BitsPerEntry = bitsPerEntry;
        _entries = entries;
    }

    public int FirstMappedValue { get; }

    public int BitsPerEntry { get; }

    /// <summary>Largest value an entry can hold, the top of the table's output range.</summary>
    public int MaxEntryValue => (1 << BitsPerEntry) - 1;

    public ReadOnlySpan<ushort> Entries => _entries;

    /// <summary>
    /// Reads a table from its LUT Descriptor (entries, first mapped value, bits per entry) and LUT Data,
    /// tolerating the quirks found in real files: 0 entries means 65536; the first mapped value arrives as
    /// US even when it is negative (set <paramref name="signedInput"/> for signed pixel data); 8-bit entries
    /// come either packed two per 16-bit word or one per word, sometimes in the high byte.
    /// </summary>
    /// <param name="descriptor">The three LUT Descriptor values as read (US or SS).</param>
    /// <param name="data">LUT Data bytes as stored.</param>
    /// <param name="signedInput">True when the values the table maps are signed (Pixel Representation 1).</param>
    /// <param name="bigEndian">True when the data words are big endian.</param>
    public static LookupTable FromDescriptor(
        ReadOnlySpan<int> descriptor,
        ReadOnlySpan<byte> data,
        bool signedInput = false,
        bool bigEndian = false)
    {
        if (descriptor.Length != 3)
        {
            throw new PixelDataException($"LUT Descriptor needs 3 values, not {descriptor.Length}.");
        }

        int count = descriptor[0] switch
        {
            0 => 65536,
            < 0 => descriptor[0] + 65536, // read as SS
            _ => descriptor[0],
        };
        int firstMapped = signedInput && descriptor[1] > short.MaxValue ? descriptor[1] - 65536 : descriptor[1];
        int bits = descriptor[2];
        if (bits is < 8 or > 16)
        {
            throw new PixelDataException($"LUT Descriptor bits per entry {bits} is not supported; expected 8..16.");
        }

        var entries = new ushort[count];
        if (data.Length >= count * 2)
        {
            for (int i = 0; i < count; i++)
            {
                entries[i] = bigEndian
                    ? BinaryPrimitives.ReadUInt16BigEndian(data[(i * 2)..])
                    : BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]);
            }

            if (bits == 8 && entries.AsSpan().ContainsAnyExceptInRange((ushort)0, (ushort)255))
            {
                // 8-bit entries written to the high byte of each word.
                for (int i = 0; i < count; i++)
                {
                    entries[i] >>= 8;
                }
            }
        }
        else if (bits == 8 && data.Length >= count)
        {
            for (int i = 0; i < count; i++)
            {
                // Packed two per word: swap within each word when the words are big endian.
                entries[i] = data[bigEndian ? i ^ 1 : i];
            }
        }
        else
        {
            throw new PixelDataException(
                $"LUT Data holds {data.Length} bytes, too few for {count} entries of {bits} bits.");
        }

        return new LookupTable(firstMapped, bits, entries);
    }

    /// <summary>The entry for <paramref name="input"/>, clamped to the first and last entry.</summary>
    public int Lookup(double input)
    {
        double index = Math.Floor(input) - FirstMappedValue;
        return index <= 0 ? _entries[0] : index >= _entries.Length - 1 ? _entries[^1] : _entries[(int)index];
    }
}
