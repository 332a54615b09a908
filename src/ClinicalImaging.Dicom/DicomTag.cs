using System.Globalization;

namespace ClinicalImaging.Dicom;

/// <summary>A data element tag: a (group, element) pair stored as one 32-bit number, ordered as the standard orders elements.</summary>
public readonly record struct DicomTag(uint Value) : IComparable<DicomTag>
{
    public DicomTag(ushort group, ushort element)
        : this(((uint)group << 16) | element)
    {
    }

    public ushort Group => (ushort)(Value >> 16);

    public ushort Element => (ushort)Value;

    /// <summary>Odd groups are private, except 0001, 0003, 0005, 0007 and FFFF, which the standard forbids.</summary>
    public bool IsPrivate => (Group & 1) == 1 && Group > 0x0007 && Group != 0xFFFF;

    /// <summary>A private creator element (gggg,0010–00FF) reserves the block (gggg,xx00–xxFF).</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>For a private data element (gggg,xxee) with xx ≥ 10, the creator that reserved it: (gggg,00xx).</summary>
    public DicomTag? PrivateCreatorTag => IsPrivate && Element >= 0x1000 ? new DicomTag(Group, (ushort)(Element >> 8)) : null;

    /// <summary>Group length elements (gggg,0000) are deprecated outside the file meta and command groups.</summary>
    public bool IsGroupLength => Element == 0x0000;

    public static DicomTag Item => new(0xFFFEE000);

    public static DicomTag ItemDelimitationItem => new(0xFFFEE00D);

    public static DicomTag SequenceDelimitationItem => new(0xFFFEE0DD);

    /// <summary>The same element in another group of a repeating group such as overlays (60xx): <c>DicomTags.OverlayData.ForRepeatingGroup(1)</c> is (6002,3000).</summary>
    public DicomTag ForRepeatingGroup(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 0x0F);
        return new DicomTag((ushort)(Group + (index * 2)), Element);
    }

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;

    /// <summary>Parses "(0010,0010)", "0010,0010" or "00100010".</summary>
    public static DicomTag Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var tag) ? tag : throw new FormatException($"'{text}' is not a DICOM tag; expected (gggg,eeee) or ggggeeee.");
    }

    public static bool TryParse(ReadOnlySpan<char> text, out DicomTag tag)
    {
        text = text.Trim();
        if (text.Length == 11 && text[0] == '(' && text[10] == ')')
        {
            text = text[1..10];
        }

        if (text.Length == 9 && text[4] == ',')
        {
            if (ushort.TryParse(text[..4], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var group)
                && ushort.TryParse(text[5..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var element))
            {
                tag = new DicomTag(group, element);
                return true;
            }
        }
        else if (text.Length == 8 && uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            tag = new DicomTag(value);
            return true;
        }

        tag = default;
        return false;
    }

    /// <summary>The DICOM JSON and dcmdump spelling without punctuation: "00100010".</summary>
    public string ToHexString() => Value.ToString("X8", CultureInfo.InvariantCulture);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Group:X4},{Element:X4})");
}
