namespace ClinicalImaging.Dicom;

/// <summary>
/// A value representation (PS3.5 Table 6.2-1). The 34 instances and their explicit-VR length field sizes are
/// generated from value_representations.tsv; the encoding rules below are the PS3.5 §6.2 semantics that code needs.
/// </summary>
public sealed partial class DicomVR
{
    private DicomVR(string code, string name, int explicitLengthFieldSize)
    {
        Code = code;
        Name = name;
        ExplicitLengthFieldSize = explicitLengthFieldSize;
        Kind = KindOf(code);
        (ValueSize, PaddingByte) = code switch
        {
            "US" or "SS" or "OW" => (2, (byte)0),
            "UL" or "SL" or "FL" or "OL" or "OF" or "AT" => (4, (byte)0),
            "FD" or "SV" or "UV" or "OD" or "OV" => (8, (byte)0),
            "OB" or "UN" or "UI" or "SQ" => (1, (byte)0),
            _ => (1, (byte)' '),
        };
        SwapUnit = code == "AT" ? 2 : ValueSize;
    }

    /// <summary>The two-letter code, e.g. "PN".</summary>
    public string Code { get; }

    public string Name { get; }

    /// <summary>2 for the short form (16-bit length), 4 for the long form (2 reserved bytes, then a 32-bit length).</summary>
    public int ExplicitLengthFieldSize { get; }

    public DicomVRKind Kind { get; }

    /// <summary>Size in bytes of one binary value (and the byte-swapping unit); 1 for strings and byte streams.</summary>
    public int ValueSize { get; }

    /// <summary>Byte appended to make an odd-length value even: NUL for UI and binary VRs, space for other strings.</summary>
    public byte PaddingByte { get; }

    /// <summary>Byte-swap unit between little and big endian: 2, 4 or 8 for binary numbers, 1 (no swap) otherwise. AT swaps each 16-bit half.</summary>
    public int SwapUnit { get; }

    public bool IsString => Kind is DicomVRKind.Text or DicomVRKind.MultiValuedString or DicomVRKind.PersonName;

    /// <summary>Strings whose value may use the Specific Character Set (others are plain ASCII).</summary>
    public bool UsesSpecificCharacterSet => Code is "SH" or "LO" or "UC" or "ST" or "LT" or "UT" or "PN";

    public static DicomVR Parse(string code) =>
        TryParse(code, out var vr) ? vr : throw new FormatException($"'{code}' is not a DICOM value representation.");

    public static bool TryParse(string? code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DicomVR? vr)
    {
        vr = null;
        return code is { Length: 2 } && code[0] <= 'Z' && code[1] <= 'Z' && TryParse((byte)code[0], (byte)code[1], out vr);
    }

    /// <summary>Looks up the two VR bytes of an explicit-VR element header (one array index: this runs for every element read).</summary>
    public static bool TryParse(byte first, byte second, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DicomVR? vr)
    {
        uint row = (uint)(first - 'A'), column = (uint)(second - 'A');
        vr = row < 26 && column < 26 ? CodeTable.ByLetters[(row * 26) + column] : null;
        return vr is not null;
    }

    public override string ToString() => Code;

    // A nested holder so the table is built after the generated static fields it reads (partial-class field
    // initialisers in different files run in no defined order).
    private static class CodeTable
    {
        internal static readonly DicomVR?[] ByLetters = Build();

        private static DicomVR?[] Build()
        {
            var table = new DicomVR?[26 * 26];
            foreach (var vr in All)
            {
                table[((vr.Code[0] - 'A') * 26) + (vr.Code[1] - 'A')] = vr;
            }

            return table;
        }
    }

    private static DicomVRKind KindOf(string code) => code switch
    {
        "SQ" => DicomVRKind.Sequence,
        "PN" => DicomVRKind.PersonName,
        "ST" or "LT" or "UT" or "UR" => DicomVRKind.Text,
        "AE" or "AS" or "CS" or "DA" or "DS" or "DT" or "IS" or "LO" or "SH" or "TM" or "UC" or "UI" => DicomVRKind.MultiValuedString,
        "AT" => DicomVRKind.AttributeTag,
        "US" or "SS" or "UL" or "SL" or "FL" or "FD" or "SV" or "UV" => DicomVRKind.Number,
        _ => DicomVRKind.Bytes,
    };
}

/// <summary>How a VR's value is shaped, for code that treats VRs by family.</summary>
public enum DicomVRKind
{
    /// <summary>Strings split into values at backslash: AE AS CS DA DS DT IS LO SH TM UC UI.</summary>
    MultiValuedString,

    /// <summary>Single-valued text where backslash is an ordinary character: ST LT UT UR.</summary>
    Text,

    PersonName,

    /// <summary>Fixed-size binary numbers: US SS UL SL FL FD SV UV.</summary>
    Number,

    AttributeTag,

    /// <summary>Byte and word streams: OB OD OF OL OV OW UN.</summary>
    Bytes,

    Sequence,
}
