using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace ClinicalImaging.Dicom.Text;

/// <summary>
/// The character repertoires named by Specific Character Set (0008,0005), decoding and encoding string values
/// per PS3.5 §6.1 including ISO 2022 code extensions (escape sequences switching between the declared sets).
/// Decoding follows pydicom's rules so that both agree on real files: values are decoded one by one, person
/// name component groups one by one, and a delimiter (CR LF TAB FF in text, ^ in names) after an escaped run of a
/// single-byte set returns to the first declared set. Undecodable bytes become U+FFFD; decoding never throws.
/// </summary>
public sealed class DicomCharacterSet
{
    private const byte Escape = 0x1B;
    private static readonly SearchValues<byte> TextDelimiters = SearchValues.Create([0x0D, 0x0A, 0x09, 0x0C]);
    private static readonly SearchValues<byte> NameDelimiters = SearchValues.Create([(byte)'^']);
    private static readonly FrozenDictionary<string, Repertoire> ByTerm;
    private static readonly Repertoire Ascii;

    private readonly Repertoire[] repertoires;

    static DicomCharacterSet()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var latin1 = Encoding.Latin1;
        Ascii = new Repertoire("ISO_IR 6", latin1, "\e(B"u8.ToArray(), RepertoireKind.SingleByte);
        var terms = new Dictionary<string, Repertoire>(StringComparer.Ordinal)
        {
            [""] = Ascii,
            ["ISO_IR 6"] = Ascii,
            ["ISO 2022 IR 6"] = Ascii,
            ["ISO_IR 192"] = new("ISO_IR 192", new UTF8Encoding(false, false), [], RepertoireKind.MultiByteWithoutExtensions),
            ["GB18030"] = new("GB18030", Encoding.GetEncoding(54936), [], RepertoireKind.MultiByteWithoutExtensions),
            ["GBK"] = new("GBK", Encoding.GetEncoding(936), [], RepertoireKind.MultiByteWithoutExtensions),
            ["ISO 2022 IR 87"] = new("ISO 2022 IR 87", Encoding.GetEncoding(51932), "\e$B"u8.ToArray(), RepertoireKind.SevenBitDoubleByte),
            ["ISO 2022 IR 159"] = new("ISO 2022 IR 159", null, "\e$(D"u8.ToArray(), RepertoireKind.SevenBitDoubleByte),
            ["ISO 2022 IR 149"] = new("ISO 2022 IR 149", Encoding.GetEncoding(949), "\e$)C"u8.ToArray(), RepertoireKind.EightBitMultiByte),
            ["ISO 2022 IR 58"] = new("ISO 2022 IR 58", Encoding.GetEncoding(936), "\e$)A"u8.ToArray(), RepertoireKind.EightBitMultiByte),
        };

        // Single-byte sets: (ISO_IR number, code page, final byte of the G1 escape sequence ESC - F).
        foreach (var (ir, codePage, final) in new (int, int, char)[]
        {
            (100, 28591, 'A'), (101, 28592, 'B'), (109, 28593, 'C'), (110, 28594, 'D'), (126, 28597, 'F'),
            (127, 28596, 'G'), (138, 28598, 'H'), (144, 28595, 'L'), (148, 28599, 'M'), (166, 874, 'T'), (203, 28605, 'b'),
        })
        {
            var repertoire = new Repertoire($"ISO_IR {ir}", Encoding.GetEncoding(codePage), [Escape, (byte)'-', (byte)final], RepertoireKind.SingleByte);
            terms[$"ISO_IR {ir}"] = repertoire;
            terms[$"ISO 2022 IR {ir}"] = repertoire;
        }

        // JIS X 0201: katakana in G1 (IR 13), romaji in G0 (IR 14); Shift-JIS decodes both.
        var katakana = new Repertoire("ISO_IR 13", Encoding.GetEncoding(932), "\e)I"u8.ToArray(), RepertoireKind.SingleByte) { AlternativeEscapeSequence = "\e(J"u8.ToArray() };
        terms["ISO_IR 13"] = katakana;
        terms["ISO 2022 IR 13"] = katakana;
        ByTerm = terms.ToFrozenDictionary(StringComparer.Ordinal);
        Default = new DicomCharacterSet([Ascii], []);
    }

    private DicomCharacterSet(Repertoire[] repertoires, IReadOnlyList<string> terms)
    {
        this.repertoires = repertoires;
        Terms = terms;
        UsesCodeExtensions = terms.Count > 1 || (terms.Count == 1 && terms[0].StartsWith("ISO 2022", StringComparison.Ordinal));
    }

    /// <summary>The default repertoire (no Specific Character Set). Bytes above 7F, which it does not allow, decode as Latin-1 like pydicom.</summary>
    public static DicomCharacterSet Default { get; }

    /// <summary>The defined terms of (0008,0005) as given.</summary>
    public IReadOnlyList<string> Terms { get; }

    public bool UsesCodeExtensions { get; }

    /// <summary>
    /// Builds the character set from the values of Specific Character Set. Unknown terms fall back to the default
    /// repertoire (like pydicom, which warns); common misspellings ("ISO-IR 100", "ISO_IR100") are accepted.
    /// </summary>
    public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0 || (terms.Count == 1 && terms[0].Trim().Length == 0))
        {
            return Default;
        }

        var resolved = terms.Select(t => ByTerm.TryGetValue(Normalize(t), out var known) ? known : Ascii).ToArray();
        return new DicomCharacterSet(resolved, terms);
    }

    /// <summary>Whether the character set knows this defined term.</summary>
    public static bool IsKnownTerm(string term) => ByTerm.ContainsKey(Normalize(term ?? string.Empty));

    /// <summary>Decodes one whole element value of the given VR (all its values, backslashes kept).</summary>
    public string Decode(ReadOnlySpan<byte> value, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(vr);
        if (!vr.UsesSpecificCharacterSet)
        {
            return Encoding.Latin1.GetString(value);
        }

        if (!UsesCodeExtensions)
        {
            return Decode(repertoires[0], value);
        }

        var text = new StringBuilder(value.Length);
        var delimiters = vr.Kind == DicomVRKind.PersonName ? NameDelimiters : TextDelimiters;
        var splitValues = vr.Kind != DicomVRKind.Text;
        while (true)
        {
            var end = splitValues ? value.IndexOf((byte)'\\') : -1;
            var single = end < 0 ? value : value[..end];
            if (vr.Kind == DicomVRKind.PersonName)
            {
                AppendPersonName(text, single, delimiters);
            }
            else
            {
                AppendExtended(text, single, delimiters);
            }

            if (end < 0)
            {
                return text.ToString();
            }

            text.Append('\\');
            value = value[(end + 1)..];
        }
    }

    /// <summary>Encodes a string value; with code extensions, each value, name group and component uses the first declared set that can hold it.</summary>
    /// <exception cref="DicomValueException">A character cannot be represented in any declared set.</exception>
    public byte[] Encode(string value, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(vr);
        if (!vr.UsesSpecificCharacterSet)
        {
            return Encoding.Latin1.GetBytes(value);
        }

        if (!UsesCodeExtensions)
        {
            return EncodeStrict(repertoires[0], value);
        }

        // Split at every delimiter that resets the code elements, encode each run on its own.
        var bytes = new List<byte>(value.Length * 2);
        var start = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i == value.Length || value[i] is '\\' or '^' or '=' or '\r' or '\n' or '\t' or '\f')
            {
                bytes.AddRange(EncodeRun(value[start..i]));
                if (i < value.Length)
                {
                    bytes.Add((byte)value[i]);
                }

                start = i + 1;
            }
        }

        return [.. bytes];
    }

    public override string ToString() => Terms.Count == 0 ? "(default)" : string.Join('\\', Terms);

    private static string Normalize(string term)
    {
        var trimmed = term.Trim();
        if (ByTerm is not null && ByTerm.ContainsKey(trimmed))
        {
            return trimmed;
        }

        // Tolerate "ISO-IR 100", "ISO_IR100", "ISO IR 100" written by sloppy senders.
        var compact = trimmed.Replace("-", "_", StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (compact.StartsWith("ISO_IR", StringComparison.OrdinalIgnoreCase))
        {
            return "ISO_IR " + compact[6..].TrimStart('_');
        }

        return trimmed;
    }

    private byte[] EncodeRun(string run)
    {
        if (run.Length == 0)
        {
            return [];
        }

        foreach (var repertoire in repertoires)
        {
            if (repertoire.Kind == RepertoireKind.SevenBitDoubleByte && repertoire.Encoding is null)
            {
                continue;
            }

            byte[] encoded;
            try
            {
                encoded = EncodeStrict(repertoire, run);
            }
            catch (DicomValueException)
            {
                continue;
            }

            if (repertoire == repertoires[0] && repertoire.Kind != RepertoireKind.SevenBitDoubleByte)
            {
                return encoded;
            }

            if (repertoire.Kind == RepertoireKind.SevenBitDoubleByte)
            {
                // JIS X 0208 is written as 7-bit pairs (EUC-JP minus the high bits), then back to ASCII.
                for (var i = 0; i < encoded.Length; i++)
                {
                    encoded[i] &= 0x7F;
                }

                return [.. repertoire.EscapeSequence, .. encoded, .. Ascii.EscapeSequence];
            }

            return [.. repertoire.EscapeSequence, .. encoded];
        }

        throw new DicomValueException($"'{run}' cannot be encoded in Specific Character Set {this}.");
    }

    private static byte[] EncodeStrict(Repertoire repertoire, string value)
    {
        var strict = Encoding.GetEncoding(repertoire.Encoding!.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback);
        try
        {
            return strict.GetBytes(value);
        }
        catch (EncoderFallbackException exception)
        {
            throw new DicomValueException($"'{value}' cannot be encoded in {repertoire.Term}.", exception);
        }
    }

    private void AppendPersonName(StringBuilder text, ReadOnlySpan<byte> name, SearchValues<byte> delimiters)
    {
        while (true)
        {
            var end = name.IndexOf((byte)'=');
            AppendExtended(text, end < 0 ? name : name[..end], delimiters);
            if (end < 0)
            {
                return;
            }

            text.Append('=');
            name = name[(end + 1)..];
        }
    }

    /// <summary>Decodes one value that may contain escape sequences, fragment by fragment.</summary>
    private void AppendExtended(StringBuilder text, ReadOnlySpan<byte> value, SearchValues<byte> delimiters)
    {
        var first = true;
        while (!value.IsEmpty)
        {
            var next = value[1..].IndexOf(Escape);
            var fragment = next < 0 ? value : value[..(next + 1)];
            value = next < 0 ? [] : value[(next + 1)..];
            if (first && fragment[0] != Escape)
            {
                text.Append(Decode(repertoires[0], fragment));
            }
            else
            {
                AppendEscaped(text, fragment, delimiters);
            }

            first = false;
        }
    }

    private void AppendEscaped(StringBuilder text, ReadOnlySpan<byte> fragment, SearchValues<byte> delimiters)
    {
        Repertoire? repertoire = fragment.StartsWith(Ascii.EscapeSequence) ? Ascii : null;
        foreach (var declared in repertoires)
        {
            if (declared.EscapeSequence.Length > 0 && fragment.StartsWith(declared.EscapeSequence))
            {
                repertoire = declared;
            }
            else if (declared.AlternativeEscapeSequence.Length > 0 && fragment.StartsWith(declared.AlternativeEscapeSequence))
            {
                repertoire = declared with { EscapeSequence = declared.AlternativeEscapeSequence };
            }
        }

        if (repertoire is null)
        {
            // An escape sequence to a set that was not declared: decode with the first set, as pydicom does.
            text.Append(Decode(repertoires[0], fragment));
            return;
        }

        var body = fragment[repertoire.EscapeSequence.Length..];
        if (repertoire.Kind == RepertoireKind.SevenBitDoubleByte)
        {
            text.Append(Decode(repertoire, body));
            return;
        }

        var delimiter = body.IndexOfAny(delimiters);
        if (delimiter < 0)
        {
            text.Append(Decode(repertoire, body));
        }
        else
        {
            text.Append(Decode(repertoire, body[..delimiter])).Append(Decode(repertoires[0], body[delimiter..]));
        }
    }

    private static string Decode(Repertoire repertoire, ReadOnlySpan<byte> bytes)
    {
        if (repertoire.Kind != RepertoireKind.SevenBitDoubleByte)
        {
            return repertoire.Encoding!.GetString(bytes);
        }

        if (repertoire.Encoding is null)
        {
            // JIS X 0212 has no .NET decoder: one replacement character per two-byte code.
            return new string('\uFFFD', bytes.Length / 2);
        }

        // 7-bit JIS X 0208 pairs are EUC-JP with the high bits cleared.
        Span<byte> euc = bytes.Length <= 256 ? stackalloc byte[bytes.Length] : new byte[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            euc[i] = bytes[i] is >= 0x21 and <= 0x7E ? (byte)(bytes[i] | 0x80) : bytes[i];
        }

        return repertoire.Encoding.GetString(euc);
    }

    private enum RepertoireKind
    {
        SingleByte,

        /// <summary>UTF-8, GB18030, GBK: no code extensions allowed.</summary>
        MultiByteWithoutExtensions,

        /// <summary>G0 double-byte sets written as 7-bit pairs (JIS X 0208, JIS X 0212).</summary>
        SevenBitDoubleByte,

        /// <summary>G1 multi-byte sets whose bytes have the high bit set (KS X 1001, GB 2312).</summary>
        EightBitMultiByte,
    }

    private sealed record Repertoire(string Term, Encoding? Encoding, byte[] EscapeSequence, RepertoireKind Kind)
    {
        /// <summary>JIS X 0201 has a G0 romaji escape (ESC ( J) beside its G1 katakana one; Shift-JIS decodes both.</summary>
        public byte[] AlternativeEscapeSequence { get; init; } = [];
    }
}
