using System.Collections;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ClinicalImaging.Dicom.Dictionary;
using ClinicalImaging.Dicom.Text;

namespace ClinicalImaging.Dicom;

/// <summary>
/// A data set: elements kept in ascending tag order (binary search for lookup, append for in-order reading),
/// with typed getters that decode strings through the Specific Character Set in force (its own, or inherited
/// from the data set holding the sequence this item belongs to).
/// </summary>
public sealed class DicomDataset : IEnumerable<DicomElement>
{
    private readonly List<DicomElement> elements = [];
    private DicomCharacterSet? ownCharacterSet;

    public DicomDataset()
    {
    }

    public DicomDataset(IEnumerable<DicomElement> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        foreach (var element in elements)
        {
            AddOrUpdate(element);
        }
    }

    /// <summary>The data set whose sequence holds this item; null at top level.</summary>
    public DicomDataset? Parent { get; internal set; }

    public int Count => elements.Count;

    /// <summary>The character set for this data set's strings: its own (0008,0005) or the one inherited.</summary>
    public DicomCharacterSet CharacterSet
    {
        get
        {
            if (ownCharacterSet is null && Find(DicomTags.SpecificCharacterSet) is DicomValueElement element)
            {
                var terms = Encoding.Latin1.GetString(element.Buffer.GetBytes().Span).Split('\\').Select(t => t.Trim(' ', '\0')).ToArray();
                ownCharacterSet = DicomCharacterSet.FromTerms(terms);
            }

            return ownCharacterSet ?? Parent?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    public DicomElement? this[DicomTag tag] => Find(tag);

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    public DicomElement? Find(DicomTag tag)
    {
        var index = IndexOf(tag);
        return index >= 0 ? elements[index] : null;
    }

    /// <summary>Adds the element, replacing any element with the same tag.</summary>
    public DicomDataset AddOrUpdate(DicomElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element is DicomSequence sequence)
        {
            sequence.AttachTo(this);
        }

        if (element.Tag == DicomTags.SpecificCharacterSet)
        {
            ownCharacterSet = null;
        }

        // Reading appends in ascending order: the common case is O(1).
        if (elements.Count == 0 || elements[^1].Tag < element.Tag)
        {
            elements.Add(element);
            return this;
        }

        var index = IndexOf(element.Tag);
        if (index >= 0)
        {
            elements[index] = element;
        }
        else
        {
            elements.Insert(~index, element);
        }

        return this;
    }

    public bool Remove(DicomTag tag)
    {
        var index = IndexOf(tag);
        if (index < 0)
        {
            return false;
        }

        elements.RemoveAt(index);
        if (tag == DicomTags.SpecificCharacterSet)
        {
            ownCharacterSet = null;
        }

        return true;
    }

    // ---- Setters -------------------------------------------------------------------------------------------

    /// <summary>Sets a string value (values joined by backslash) with the dictionary VR, encoded in this data set's character set.</summary>
    public DicomDataset Set(DicomTag tag, string value) => Set(tag, DictionaryVR(tag), value);

    public DicomDataset Set(DicomTag tag, DicomVR vr, string value)
    {
        ArgumentNullException.ThrowIfNull(vr);
        ArgumentNullException.ThrowIfNull(value);
        if (!vr.IsString)
        {
            throw new DicomValueException($"{tag} has VR {vr}; set it with numbers or bytes, not a string.");
        }

        if (tag == DicomTags.SpecificCharacterSet)
        {
            ownCharacterSet = null;
        }

        var bytes = (tag == DicomTags.SpecificCharacterSet ? DicomCharacterSet.Default : CharacterSet).Encode(value, vr);
        return AddOrUpdate(new DicomValueElement(tag, vr, DicomBuffer.FromBytes(bytes)));
    }

    public DicomDataset Set(DicomTag tag, params string[] values) => Set(tag, string.Join('\\', values));

    public DicomDataset Set(DicomTag tag, DicomPersonName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Set(tag, DicomVR.PN, name.ToString());
    }

    /// <summary>Sets binary numbers (US, SS, UL, SL, FL, FD, SV, UV, OW, OF…) with the dictionary VR.</summary>
    public DicomDataset Set<T>(DicomTag tag, params T[] values)
        where T : unmanaged => Set(tag, DictionaryVR(tag), values);

    public DicomDataset Set<T>(DicomTag tag, DicomVR vr, params T[] values)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(vr);
        ArgumentNullException.ThrowIfNull(values);
        if (vr.IsString)
        {
            var text = string.Join('\\', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
            return Set(tag, vr, text);
        }

        if (vr.Kind == DicomVRKind.Sequence || (vr.ValueSize > 1 && System.Runtime.CompilerServices.Unsafe.SizeOf<T>() != vr.ValueSize && vr.Code != "AT"))
        {
            throw new DicomValueException($"{tag} has VR {vr}: values of {typeof(T).Name} do not fit it.");
        }

        // Values are held little endian; the library targets little-endian hosts (x64, ARM64).
        var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        return AddOrUpdate(new DicomValueElement(tag, vr, DicomBuffer.FromBytes(bytes)));
    }

    public DicomDataset Set(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes) =>
        AddOrUpdate(new DicomValueElement(tag, vr, DicomBuffer.FromBytes(bytes)));

    public DicomDataset Set(DicomTag tag, DicomTag value)
    {
        Span<ushort> pair = [value.Group, value.Element];
        return AddOrUpdate(new DicomValueElement(tag, DicomVR.AT, DicomBuffer.FromBytes(MemoryMarshal.AsBytes(pair).ToArray())));
    }

    public DicomDataset Set(DicomTag tag, IEnumerable<DicomDataset> items) => AddOrUpdate(new DicomSequence(tag, items));

    // ---- Getters -------------------------------------------------------------------------------------------

    /// <summary>The whole decoded value (multiple values joined by backslash) without trailing padding; null when absent.</summary>
    public string? GetString(DicomTag tag)
    {
        if (Find(tag) is not DicomValueElement element)
        {
            return null;
        }

        if (!element.VR.IsString)
        {
            return string.Join('\\', FormatBinaryValues(element));
        }

        var text = CharacterSet.Decode(element.Buffer.GetBytes().Span, element.VR);
        if (element.VR.Kind is not (DicomVRKind.MultiValuedString or DicomVRKind.PersonName))
        {
            return text.TrimEnd(' ', '\0');
        }

        return text.Contains('\\', StringComparison.Ordinal)
            ? string.Join('\\', text.Split('\\').Select(v => TrimValue(v, element.VR)))
            : TrimValue(text, element.VR);
    }

    /// <summary>The values of a string element split at backslash (not for ST, LT, UT, UR), each trimmed; empty when absent or empty.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        if (Find(tag) is not DicomValueElement element || element.Length == 0)
        {
            return [];
        }

        if (!element.VR.IsString)
        {
            return FormatBinaryValues(element);
        }

        var text = CharacterSet.Decode(element.Buffer.GetBytes().Span, element.VR);
        if (element.VR.Kind == DicomVRKind.Text)
        {
            return [text.TrimEnd(' ', '\0')];
        }

        var values = text.Split('\\');
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = TrimValue(values[i], element.VR);
        }

        return values;
    }

    /// <summary>A UID value without its NUL padding.</summary>
    public string? GetUid(DicomTag tag) => GetString(tag);

    public DicomPersonName? GetPersonName(DicomTag tag) => GetPersonNames(tag) is [var first, ..] ? first : null;

    public DicomPersonName[] GetPersonNames(DicomTag tag) => GetStrings(tag).Select(DicomPersonName.Parse).ToArray();

    /// <summary>Integer of an IS, US, SS, UL, SL, SV, UV value (by index); throws <see cref="DicomValueException"/> when absent or unparsable.</summary>
    public int GetInt32(DicomTag tag, int index = 0) => checked((int)GetInt64(tag, index));

    public long GetInt64(DicomTag tag, int index = 0) =>
        TryGetInt64(tag, index, out var value) ? value : throw MissingOrInvalid(tag, index, "an integer");

    public bool TryGetInt32(DicomTag tag, out int value, int index = 0)
    {
        var ok = TryGetInt64(tag, index, out var wide) && wide is >= int.MinValue and <= int.MaxValue;
        value = ok ? (int)wide : 0;
        return ok;
    }

    public bool TryGetInt64(DicomTag tag, int index, out long value)
    {
        value = 0;
        if (Find(tag) is not DicomValueElement element)
        {
            return false;
        }

        if (element.VR.IsString)
        {
            var values = GetStrings(tag);
            if (index >= values.Length)
            {
                return false;
            }

            // IS may carry a decimal point in the wild ("512.0"); accept it when the value is integral.
            if (long.TryParse(values[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
            {
                return true;
            }

            var ok = double.TryParse(values[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && real == Math.Floor(real) && Math.Abs(real) < 9e18;
            value = ok ? (long)real : 0;
            return ok;
        }

        var bytes = element.Buffer.GetBytes().Span;
        var size = element.VR.ValueSize;
        if (element.VR.Kind != DicomVRKind.Number || (index + 1) * size > bytes.Length)
        {
            return false;
        }

        var slice = bytes.Slice(index * size, size);
        switch (element.VR.Code)
        {
            case "US": value = MemoryMarshal.Read<ushort>(slice); return true;
            case "SS": value = MemoryMarshal.Read<short>(slice); return true;
            case "UL": value = MemoryMarshal.Read<uint>(slice); return true;
            case "SL": value = MemoryMarshal.Read<int>(slice); return true;
            case "SV": value = MemoryMarshal.Read<long>(slice); return true;
            case "UV":
                var unsigned = MemoryMarshal.Read<ulong>(slice);
                value = unchecked((long)unsigned);
                return unsigned <= long.MaxValue;
            default: return false;
        }
    }

    /// <summary>Number of a DS, IS, FL, FD or integer value (by index); throws <see cref="DicomValueException"/> when absent or unparsable.</summary>
    public double GetDouble(DicomTag tag, int index = 0) =>
        TryGetDouble(tag, index, out var value) ? value : throw MissingOrInvalid(tag, index, "a number");

    public bool TryGetDouble(DicomTag tag, int index, out double value)
    {
        value = 0;
        if (Find(tag) is not DicomValueElement element)
        {
            return false;
        }

        if (element.VR.IsString)
        {
            var values = GetStrings(tag);
            return index < values.Length && double.TryParse(values[index], NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        var bytes = element.Buffer.GetBytes().Span;
        if (element.VR.Code is "FL" or "OF")
        {
            var floats = MemoryMarshal.Cast<byte, float>(bytes);
            value = index < floats.Length ? floats[index] : 0;
            return index < floats.Length;
        }

        if (element.VR.Code is "FD" or "OD")
        {
            var doubles = MemoryMarshal.Cast<byte, double>(bytes);
            value = index < doubles.Length ? doubles[index] : 0;
            return index < doubles.Length;
        }

        var ok = TryGetInt64(tag, index, out var integer);
        value = integer;
        return ok;
    }

    /// <summary>All numbers of a DS/IS or binary numeric element.</summary>
    public double[] GetDoubles(DicomTag tag)
    {
        var count = ValueCount(tag);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = GetDouble(tag, i);
        }

        return values;
    }

    /// <summary>All integers of an IS or binary integer element.</summary>
    public int[] GetInt32s(DicomTag tag)
    {
        var count = ValueCount(tag);
        var values = new int[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = GetInt32(tag, i);
        }

        return values;
    }

    /// <summary>The raw binary values reinterpreted as <typeparamref name="T"/> (ushort for US/OW, float for FL/OF…); empty when absent.</summary>
    public T[] GetValues<T>(DicomTag tag)
        where T : unmanaged
    {
        if (Find(tag) is not DicomValueElement element)
        {
            return [];
        }

        if (element.VR.IsString || element.VR.Kind == DicomVRKind.Sequence)
        {
            throw new DicomValueException($"{tag} has VR {element.VR}; read it as strings.");
        }

        return MemoryMarshal.Cast<byte, T>(element.Buffer.GetBytes().Span).ToArray();
    }

    /// <summary>The raw value bytes (little endian); empty when absent.</summary>
    public ReadOnlyMemory<byte> GetBytes(DicomTag tag) =>
        Find(tag) is DicomValueElement element ? element.Buffer.GetBytes() : ReadOnlyMemory<byte>.Empty;

    public DicomTag[] GetAttributeTags(DicomTag tag) =>
        GetValues<ushort>(tag).Chunk(2).Where(p => p.Length == 2).Select(p => new DicomTag(p[0], p[1])).ToArray();

    /// <summary>A DA value; null when absent or empty. Accepts the ACR-NEMA form YYYY.MM.DD too.</summary>
    public DateOnly? GetDate(DicomTag tag)
    {
        var text = GetStrings(tag).FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateOnly.TryParseExact(text.Replace(".", string.Empty, StringComparison.Ordinal), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new DicomValueException($"{tag} '{text}' is not a DA date (YYYYMMDD).");
    }

    /// <summary>A TM value (HH, HHMM, HHMMSS or HHMMSS.FFFFFF); null when absent or empty.</summary>
    public TimeOnly? GetTime(DicomTag tag)
    {
        var text = GetStrings(tag).FirstOrDefault()?.Replace(":", string.Empty, StringComparison.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DicomDateTimeParser.TryParseTime(text, out var time) ? time : throw new DicomValueException($"{tag} '{text}' is not a TM time.");
    }

    /// <summary>A DT value; the offset is the one written in the value, else UTC offset zero is NOT assumed: the value is returned with offset zero and <paramref name="hasOffset"/> false.</summary>
    public DateTimeOffset? GetDateTime(DicomTag tag, out bool hasOffset)
    {
        hasOffset = false;
        var text = GetStrings(tag).FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DicomDateTimeParser.TryParseDateTime(text, out var value, out hasOffset) ? value : throw new DicomValueException($"{tag} '{text}' is not a DT date-time.");
    }

    public DicomSequence? GetSequence(DicomTag tag) => Find(tag) as DicomSequence;

    /// <summary>The items of a sequence; empty when absent.</summary>
    public IReadOnlyList<DicomDataset> GetItems(DicomTag tag) => GetSequence(tag)?.Items ?? [];

    /// <summary>Number of values: backslash-separated strings, or binary values by VR size.</summary>
    public int ValueCount(DicomTag tag) => Find(tag) switch
    {
        DicomValueElement { Length: 0 } => 0,
        DicomValueElement { VR.IsString: true } => GetStrings(tag).Length,
        DicomValueElement e => (int)(e.Length / e.VR.ValueSize),
        DicomSequence s => s.Items.Count,
        _ => 0,
    };

    // ---- Private tags --------------------------------------------------------------------------------------

    /// <summary>
    /// Finds the private tag (group, xx + <paramref name="elementOffset"/>) in the block reserved by
    /// <paramref name="creator"/>, e.g. <c>FindPrivateTag(0x0029, "SIEMENS CSA HEADER", 0x10)</c>; null when that creator has no block.
    /// </summary>
    public DicomTag? FindPrivateTag(ushort group, string creator, byte elementOffset)
    {
        ArgumentNullException.ThrowIfNull(creator);
        for (ushort slot = 0x10; slot <= 0xFF; slot++)
        {
            var creatorTag = new DicomTag(group, slot);
            if (Find(creatorTag) is DicomValueElement && string.Equals(GetString(creatorTag)?.Trim(), creator.Trim(), StringComparison.Ordinal))
            {
                return new DicomTag(group, (ushort)((slot << 8) | elementOffset));
            }
        }

        return null;
    }

    /// <summary>The private creator that reserved the block of a private data element; null when none did.</summary>
    public string? GetPrivateCreator(DicomTag tag) => tag.PrivateCreatorTag is { } creatorTag ? GetString(creatorTag)?.Trim() : null;

    /// <summary>Returns the tag for the creator's element, reserving the first free block in the group when the creator has none yet.</summary>
    public DicomTag ReservePrivateTag(ushort group, string creator, byte elementOffset)
    {
        if (!new DicomTag(group, 0x0010).IsPrivate)
        {
            throw new ArgumentOutOfRangeException(nameof(group), $"Group {group:X4} is not a private group.");
        }

        if (FindPrivateTag(group, creator, elementOffset) is { } existing)
        {
            return existing;
        }

        for (ushort slot = 0x10; slot <= 0xFF; slot++)
        {
            var creatorTag = new DicomTag(group, slot);
            if (!Contains(creatorTag))
            {
                Set(creatorTag, DicomVR.LO, creator);
                return new DicomTag(group, (ushort)((slot << 8) | elementOffset));
            }
        }

        throw new DicomValueException($"Group {group:X4} has no free private block for '{creator}'.");
    }

    public IEnumerator<DicomElement> GetEnumerator() => elements.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static DicomVR DictionaryVR(DicomTag tag) =>
        DicomDictionary.Lookup(tag)?.ValueRepresentation ?? throw new DicomValueException($"{tag} is not in the data dictionary; give its VR.");

    private static string TrimValue(string value, DicomVR vr) =>
        vr.Kind == DicomVRKind.PersonName || vr.UsesSpecificCharacterSet ? value.TrimEnd(' ', '\0') : value.Trim(' ', '\0');

    private static string[] FormatBinaryValues(DicomValueElement element)
    {
        var bytes = element.Buffer.GetBytes().Span;
        return element.VR.Code switch
        {
            "US" or "OW" => Format(MemoryMarshal.Cast<byte, ushort>(bytes)),
            "SS" => Format(MemoryMarshal.Cast<byte, short>(bytes)),
            "UL" or "OL" => Format(MemoryMarshal.Cast<byte, uint>(bytes)),
            "SL" => Format(MemoryMarshal.Cast<byte, int>(bytes)),
            "SV" => Format(MemoryMarshal.Cast<byte, long>(bytes)),
            "UV" or "OV" => Format(MemoryMarshal.Cast<byte, ulong>(bytes)),
            "FL" or "OF" => Format(MemoryMarshal.Cast<byte, float>(bytes)),
            "FD" or "OD" => Format(MemoryMarshal.Cast<byte, double>(bytes)),
            "AT" => MemoryMarshal.Cast<byte, ushort>(bytes).ToArray().Chunk(2).Where(p => p.Length == 2).Select(p => new DicomTag(p[0], p[1]).ToHexString()).ToArray(),
            _ => [Convert.ToBase64String(bytes)],
        };

        static string[] Format<T>(ReadOnlySpan<T> values)
            where T : IFormattable
        {
            var result = new string[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                result[i] = values[i].ToString(null, CultureInfo.InvariantCulture);
            }

            return result;
        }
    }

    private DicomValueException MissingOrInvalid(DicomTag tag, int index, string what) =>
        Contains(tag)
            ? new DicomValueException($"{tag} value {index} is not {what}.")
            : new DicomValueException($"{tag} ({DicomDictionary.KeywordOf(tag) ?? "private"}) is absent.");

    private int IndexOf(DicomTag tag)
    {
        int low = 0, high = elements.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var compare = elements[middle].Tag.Value.CompareTo(tag.Value);
            if (compare == 0)
            {
                return middle;
            }

            if (compare < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }
}
