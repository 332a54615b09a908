using System.Buffers.Binary;

namespace ClinicalImaging.Dicom.Imaging.Display;

/// <summary>
/// The Palette Color Lookup Table module (PS3.3 C.7.6.3.1.5, C.7.9): one table per channel, plain or
/// segmented, mapping a PALETTE COLOR pixel's stored value to red, green and blue.
/// </summary>
public sealed class PaletteColorLut
{
    public PaletteColorLut(LookupTable red, LookupTable green, LookupTable blue)
    {
        ArgumentNullException.ThrowIfNull(red);
        ArgumentNullException.ThrowIfNull(green);
        ArgumentNullException.ThrowIfNull(blue);
        Red = red;
        Green = green;
        Blue = blue;
    }

    public LookupTable Red { get; }

    public LookupTable Green { get; }

    public LookupTable Blue { get; }

    /// <summary>From the three Palette Color Lookup Table Descriptors and Data (0028,1101-1103, 1201-1203).</summary>
    public static PaletteColorLut FromDescriptors(
        ReadOnlySpan<int> redDescriptor,
        ReadOnlySpan<byte> redData,
        ReadOnlySpan<int> greenDescriptor,
        ReadOnlySpan<byte> greenData,
        ReadOnlySpan<int> blueDescriptor,
        ReadOnlySpan<byte> blueData,
        bool signedInput = false,
        bool bigEndian = false) =>
        new(
            LookupTable.FromDescriptor(redDescriptor, redData, signedInput, bigEndian),
            LookupTable.FromDescriptor(greenDescriptor, greenData, signedInput, bigEndian),
            LookupTable.FromDescriptor(blueDescriptor, blueData, signedInput, bigEndian));

    /// <summary>
    /// From the Segmented Palette Color Lookup Table Data (0028,1221-1223), expanded per PS3.3 C.7.9.2
    /// (discrete, linear and indirect segments). Values are 8 bits when the descriptor says 8, otherwise
    /// 16-bit words.
    /// </summary>
    public static PaletteColorLut FromSegmented(
        ReadOnlySpan<int> redDescriptor,
        ReadOnlySpan<byte> redData,
        ReadOnlySpan<int> greenDescriptor,
        ReadOnlySpan<byte> greenData,
        ReadOnlySpan<int> blueDescriptor,
        ReadOnlySpan<byte> blueData,
        bool signedInput = false,
        bool bigEndian = false) =>
        new(
            ExpandSegmented(redDescriptor, redData, signedInput, bigEndian, "Red"),
            ExpandSegmented(greenDescriptor, greenData, signedInput, bigEndian, "Green"),
            ExpandSegmented(blueDescriptor, blueData, signedInput, bigEndian, "Blue"));

    private static LookupTable ExpandSegmented(
        ReadOnlySpan<int> descriptor, ReadOnlySpan<byte> data, bool signedInput, bool bigEndian, string channel)
    {
        if (descriptor.Length != 3)
        {
            throw new PixelDataException($"{channel} Palette Color Lookup Table Descriptor needs 3 values, not {descriptor.Length}.");
        }

        int bits = descriptor[2];
        int wordSize = bits <= 8 ? 1 : 2;
        var words = new int[data.Length / wordSize];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = wordSize == 1 ? data[i]
                : bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data[(i * 2)..])
                : BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]);
        }

        var expanded = new List<ushort>(descriptor[0] == 0 ? 65536 : Math.Abs(descriptor[0]));
        ExpandSegments(words, 0, int.MaxValue, expanded, allowIndirect: true, channel);
        byte[] entryBytes = new byte[expanded.Count * 2];
        for (int i = 0; i < expanded.Count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(entryBytes.AsSpan(i * 2), expanded[i]);
        }

        return LookupTable.FromDescriptor(descriptor, entryBytes, signedInput);
    }

    private static void ExpandSegments(int[] words, int start, int maxSegments, List<ushort> output, bool allowIndirect, string channel)
    {
        int position = start;
        for (int segment = 0; segment < maxSegments && position < words.Length; segment++)
        {
            if (position == words.Length - 1 && words[position] == 0)
            {
                break; // the pad that makes 8-bit segmented data an even number of bytes
            }

            int opcode = words[position];
            int length = Word(words, position + 1, channel);
            switch (opcode)
            {
                case 0: // discrete
                    if (position + 2 + length > words.Length)
                    {
                        throw Corrupt(channel, $"a discrete segment of {length} values runs past the data");
                    }

                    for (int i = 0; i < length; i++)
                    {
                        output.Add((ushort)words[position + 2 + i]);
                    }

                    position += 2 + length;
                    break;
                case 1: // linear, from the previous segment's last value
                    if (output.Count == 0)
                    {
                        throw Corrupt(channel, "a linear segment has no previous value to start from");
                    }

                    double y0 = output[^1];
                    double y1 = Word(words, position + 2, channel);
                    for (int i = 1; i <= length; i++)
                    {
                        output.Add((ushort)Math.Round(y0 + ((y1 - y0) * i / length), MidpointRounding.ToEven));
                    }

                    position += 3;
                    break;
                case 2 when allowIndirect: // indirect: re-expand earlier segments at a word offset
                    uint offset = (uint)Word(words, position + 2, channel) | ((uint)Word(words, position + 3, channel) << 16);
                    if (offset >= position)
                    {
                        throw Corrupt(channel, $"an indirect segment points forward to word {offset}");
                    }

                    ExpandSegments(words, (int)offset, length, output, allowIndirect: false, channel);
                    position += 4;
                    break;
                default:
                    throw Corrupt(channel, $"segment type {opcode} at word {position} is not defined");
            }

            if (output.Count > 65536)
            {
                throw Corrupt(channel, "it expands to more than 65536 entries");
            }
        }
    }

    private static int Word(int[] words, int index, string channel) =>
        index < words.Length ? words[index] : throw Corrupt(channel, "a segment header runs past the data");

    private static PixelDataException Corrupt(string channel, string reason) =>
        new($"Segmented {channel} Palette Color Lookup Table Data is corrupt: {reason}.");
}
