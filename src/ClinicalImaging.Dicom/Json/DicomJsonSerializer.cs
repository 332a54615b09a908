using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ClinicalImaging.Dicom.Json;

/// <summary>
/// The DICOM JSON Model (PS3.18 Annex F.2) both ways, streaming through <see cref="Utf8JsonWriter"/> and
/// <see cref="Utf8JsonReader"/>: PN as objects, IS/DS and binary numbers as JSON numbers, AT as hex strings,
/// binary values as InlineBinary or BulkDataURI, sequences as arrays of objects.
/// </summary>
public static class DicomJsonSerializer
{
    /// <summary>A thread's serialisation buffer is kept for its next header, unless a huge data set made it grow past this.</summary>
    private const int KeptBufferBytes = 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static string Serialize(DicomDataset dataset, DicomJsonOptions? options = null)
    {
        // Every stored object's header is serialised (~12 kB for a CT slice): a growing fresh buffer per call was a
        // tenth of ingest's allocations.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(16 * 1024);
        t_buffer = null;
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, dataset, options);
        }

        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity <= KeptBufferBytes)
        {
            t_buffer = buffer;
        }

        return json;
    }

    /// <summary>Writes the data set as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= DicomJsonOptions.Default;
        writer.WriteStartObject();
        foreach (var element in dataset)
        {
            WriteElement(writer, dataset, element, options);
        }

        writer.WriteEndObject();
    }

    public static DicomDataset Deserialize(string json, DicomJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Deserialize(Encoding.UTF8.GetBytes(json), options);
    }

    /// <summary>Reads one JSON object into a data set.</summary>
    /// <exception cref="DicomParseException">The JSON is not a valid DICOM JSON object.</exception>
    /// <exception cref="DicomValueException">A value cannot be encoded (a string outside the Specific Character Set, a number out of range for its VR).</exception>
    public static DicomDataset Deserialize(ReadOnlySpan<byte> utf8Json, DicomJsonOptions? options = null)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            reader.Read();
            return ReadDataset(ref reader, options ?? DicomJsonOptions.Default, parent: null);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            // Utf8JsonReader reports a token of the wrong type as InvalidOperationException; AT and number
            // parsing report FormatException / OverflowException: all are malformed input.
            throw new DicomParseException($"Invalid DICOM JSON: {exception.Message}", reader.TokenStartIndex, null, exception);
        }
    }

    private static void WriteElement(Utf8JsonWriter writer, DicomDataset dataset, DicomElement element, DicomJsonOptions options)
    {
        if (options.Exclude?.Invoke(element.Tag) == true)
        {
            return;
        }

        var isBulk = element is DicomFragmentSequence || (element is DicomValueElement && element.VR.Kind == DicomVRKind.Bytes);
        var decision = isBulk && options.BulkData is { } choose ? choose(element, dataset) : DicomBulkDataDecision.Inline;
        if (decision is DicomBulkDataDecision.OmitDecision)
        {
            return;
        }

        Span<byte> name = stackalloc byte[8];
        element.Tag.Value.TryFormat(name, out _, "X8", CultureInfo.InvariantCulture);
        writer.WritePropertyName(name);
        writer.WriteStartObject();
        writer.WriteString("vr"u8, element.VR.Code);
        switch (element)
        {
            case DicomSequence sequence:
                if (sequence.Items.Count > 0)
                {
                    writer.WriteStartArray("Value"u8);
                    foreach (var item in sequence.Items)
                    {
                        Write(writer, item, options);
                    }

                    writer.WriteEndArray();
                }

                break;
            case DicomFragmentSequence fragments when decision is DicomBulkDataDecision.UriDecision uri:
                writer.WriteString("BulkDataURI"u8, uri.Value);
                break;
            case DicomFragmentSequence fragments:
                writer.WriteBase64String("InlineBinary"u8, EncodeFragments(fragments.PixelData));
                break;
            case DicomValueElement value when value.Length == 0:
                break;
            case DicomValueElement value when decision is DicomBulkDataDecision.UriDecision uri:
                writer.WriteString("BulkDataURI"u8, uri.Value);
                break;
            case DicomValueElement value:
                WriteValue(writer, dataset, value);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, DicomDataset dataset, DicomValueElement element)
    {
        var vr = element.VR;
        if (vr.Kind == DicomVRKind.Bytes)
        {
            writer.WriteBase64String("InlineBinary"u8, element.Buffer.GetBytes().Span);
            return;
        }

        writer.WriteStartArray("Value"u8);
        var bytes = element.Buffer.GetBytes().Span;
        switch (vr.Code)
        {
            case "PN":
                foreach (var name in dataset.GetStrings(element.Tag))
                {
                    WritePersonName(writer, DicomPersonName.Parse(name));
                }

                break;
            case "IS" or "DS":
                foreach (var text in dataset.GetStrings(element.Tag))
                {
                    WriteDecimalString(writer, text);
                }

                break;
            case "AT":
                foreach (var tag in dataset.GetAttributeTags(element.Tag))
                {
                    writer.WriteStringValue(tag.ToHexString());
                }

                break;
            case "US": WriteNumbers<ushort>(writer, bytes, static (w, v) => w.WriteNumberValue(v)); break;
            case "SS": WriteNumbers<short>(writer, bytes, static (w, v) => w.WriteNumberValue(v)); break;
            case "UL": WriteNumbers<uint>(writer, bytes, static (w, v) => w.WriteNumberValue(v)); break;
            case "SL": WriteNumbers<int>(writer, bytes, static (w, v) => w.WriteNumberValue(v)); break;
            case "SV": WriteNumbers<long>(writer, bytes, static (w, v) => w.WriteNumberValue(v)); break;
            case "UV": WriteNumbers<ulong>(writer, bytes, static (w, v) => w.WriteNumberValue(v)); break;
            case "FL": WriteNumbers<float>(writer, bytes, static (w, v) => WriteReal(w, v)); break;
            case "FD": WriteNumbers<double>(writer, bytes, static (w, v) => WriteReal(w, v)); break;
            default:
                foreach (var text in dataset.GetStrings(element.Tag))
                {
                    if (text.Length == 0)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        writer.WriteStringValue(text);
                    }
                }

                break;
        }

        writer.WriteEndArray();
    }

    private static void WriteNumbers<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> bytes, Action<Utf8JsonWriter, T> write)
        where T : unmanaged
    {
        foreach (var value in MemoryMarshal.Cast<byte, T>(bytes))
        {
            write(writer, value);
        }
    }

    /// <summary>JSON has no NaN or infinity; those are written as strings, as DICOMweb servers commonly do.</summary>
    private static void WriteReal(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteReal(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>IS and DS become JSON numbers (F.2.3); the decimal text is kept exactly when it is already a JSON number.</summary>
    private static void WriteDecimalString(Utf8JsonWriter writer, string text)
    {
        if (text.Length == 0)
        {
            writer.WriteNullValue();
            return;
        }

        if (IsJsonNumber(text))
        {
            writer.WriteRawValue(text, skipInputValidation: true);
        }
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(text); // not a number at all: keep the text rather than lose it
        }
    }

    private static bool IsJsonNumber(string text)
    {
        var span = text.AsSpan();
        var i = 0;
        if (i < span.Length && span[i] == '-')
        {
            i++;
        }

        var intStart = i;
        while (i < span.Length && char.IsAsciiDigit(span[i]))
        {
            i++;
        }

        var intLength = i - intStart;
        if (intLength == 0 || (intLength > 1 && span[intStart] == '0'))
        {
            return false;
        }

        if (i < span.Length && span[i] == '.')
        {
            var fractionStart = ++i;
            while (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                i++;
            }

            if (i == fractionStart)
            {
                return false;
            }
        }

        if (i < span.Length && span[i] is 'e' or 'E')
        {
            i++;
            if (i < span.Length && span[i] is '+' or '-')
            {
                i++;
            }

            var exponentStart = i;
            while (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                i++;
            }

            if (i == exponentStart)
            {
                return false;
            }
        }

        return i == span.Length;
    }

    private static void WritePersonName(Utf8JsonWriter writer, DicomPersonName name)
    {
        writer.WriteStartObject();
        if (name.Alphabetic.Length > 0)
        {
            writer.WriteString("Alphabetic"u8, name.Alphabetic);
        }

        if (name.Ideographic.Length > 0)
        {
            writer.WriteString("Ideographic"u8, name.Ideographic);
        }

        if (name.Phonetic.Length > 0)
        {
            writer.WriteString("Phonetic"u8, name.Phonetic);
        }

        writer.WriteEndObject();
    }

    /// <summary>Encapsulated pixel data inline: its items as encoded (offset table item, then fragment items), as PS3.18 F.2.7 shows.</summary>
    private static byte[] EncodeFragments(EncapsulatedPixelData pixelData)
    {
        using var stream = new MemoryStream();
        var word = new byte[4];
        void WriteItemHeader(uint length)
        {
            stream.Write([0xFE, 0xFF, 0x00, 0xE0]);
            BinaryPrimitives.WriteUInt32LittleEndian(word, length);
            stream.Write(word);
        }

        WriteItemHeader((uint)(pixelData.BasicOffsetTable.Count * 4));
        foreach (var offset in pixelData.BasicOffsetTable)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(word, offset);
            stream.Write(word);
        }

        foreach (var fragment in pixelData.Fragments)
        {
            WriteItemHeader((uint)fragment.Length);
            fragment.Buffer.WriteTo(stream);
        }

        return stream.ToArray();
    }

    // ---- Reading -------------------------------------------------------------------------------------------

    private static DicomDataset ReadDataset(ref Utf8JsonReader reader, DicomJsonOptions options, DicomDataset? parent)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var dataset = new DicomDataset { Parent = parent };
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            Expect(ref reader, JsonTokenType.PropertyName);
            var key = reader.GetString()!;
            if (!DicomTag.TryParse(key, out var tag) || key.Length != 8)
            {
                throw new JsonException($"'{key}' is not an 8-digit hexadecimal tag.");
            }

            reader.Read();
            ReadElement(ref reader, dataset, tag, options);
        }

        return dataset;
    }

    private static void ReadElement(ref Utf8JsonReader reader, DicomDataset dataset, DicomTag tag, DicomJsonOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        DicomVR? vr = null;
        var values = new List<JsonValue>();
        var items = new List<DicomDataset>();
        byte[]? inline = null;
        string? bulkUri = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "vr":
                    vr = DicomVR.TryParse(reader.GetString(), out var parsed) ? parsed : throw new JsonException($"{tag}: unknown VR '{reader.GetString()}'.");
                    break;
                case "Value":
                    Expect(ref reader, JsonTokenType.StartArray);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (vr == DicomVR.SQ)
                        {
                            items.Add(ReadDataset(ref reader, options, dataset));
                        }
                        else
                        {
                            values.Add(ReadValue(ref reader));
                        }
                    }

                    break;
                case "InlineBinary":
                    inline = reader.GetBytesFromBase64();
                    break;
                case "BulkDataURI":
                    bulkUri = reader.GetString();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (vr is null)
        {
            throw new JsonException($"{tag}: the \"vr\" member is missing.");
        }

        if (vr == DicomVR.SQ)
        {
            dataset.Set(tag, items);
            return;
        }

        if (bulkUri is not null)
        {
            inline = options.ResolveBulkData?.Invoke(tag, vr, bulkUri)?.ToArray();
            if (inline is null)
            {
                return;
            }
        }

        if (inline is not null)
        {
            dataset.AddOrUpdate(ReadInlineBinary(tag, vr, inline));
            return;
        }

        dataset.AddOrUpdate(new DicomValueElement(tag, vr, DicomBuffer.FromBytes(EncodeValues(dataset, tag, vr, values))));
    }

    private static DicomElement ReadInlineBinary(DicomTag tag, DicomVR vr, byte[] bytes)
    {
        // Encapsulated pixel data arrives as its items; split them back into offset table and fragments.
        if (tag == DicomTags.PixelData && bytes.Length >= 8 && bytes.AsSpan(0, 4).SequenceEqual((ReadOnlySpan<byte>)[0xFE, 0xFF, 0x00, 0xE0]))
        {
            // Frame the items as an undefined-length Pixel Data element and let the reader split them.
            using var stream = new MemoryStream(bytes.Length + 20);
            stream.Write([0xE0, 0x7F, 0x10, 0x00, (byte)'O', (byte)'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
            stream.Write(bytes);
            stream.Write([0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]);
            stream.Position = 0;
            var dataset = IO.DicomReader.ReadDataset(stream, DicomTransferSyntax.ExplicitVRLittleEndian);
            if (dataset.Find(DicomTags.PixelData) is DicomFragmentSequence fragments)
            {
                return new DicomFragmentSequence(tag, vr, fragments.PixelData);
            }
        }

        return new DicomValueElement(tag, vr, DicomBuffer.FromBytes(bytes));
    }

    private static byte[] EncodeValues(DicomDataset dataset, DicomTag tag, DicomVR vr, List<JsonValue> values)
    {
        if (vr.Kind is DicomVRKind.Number or DicomVRKind.AttributeTag)
        {
            // A binary value has no "empty" encoding: null entries are dropped.
            values = values.Where(v => v.RawNumber is not null || !string.IsNullOrEmpty(v.Text)).ToList();
        }

        if (values.Count == 0)
        {
            return [];
        }

        switch (vr.Code)
        {
            case "US": return Binary(values, v => checked((ushort)v.Integer(tag)));
            case "SS": return Binary(values, v => checked((short)v.Integer(tag)));
            case "UL": return Binary(values, v => checked((uint)v.Integer(tag)));
            case "SL": return Binary(values, v => checked((int)v.Integer(tag)));
            case "SV": return Binary(values, v => v.Integer(tag));
            case "UV": return Binary(values, v => v.Text is { } t ? ulong.Parse(t, CultureInfo.InvariantCulture) : checked((ulong)v.Integer(tag)));
            case "FL": return Binary(values, v => (float)v.Real(tag));
            case "FD": return Binary(values, v => v.Real(tag));
            case "AT":
                return AttributeTags(values, tag);
            default:
                var joined = string.Join('\\', values.Select(v => vr == DicomVR.PN ? v.Text ?? string.Empty : v.Text ?? v.RawNumber ?? string.Empty));
                return (tag == DicomTags.SpecificCharacterSet ? Text.DicomCharacterSet.Default : dataset.CharacterSet).Encode(joined, vr);
        }
    }

    private static byte[] AttributeTags(List<JsonValue> values, DicomTag tag)
    {
        var bytes = new byte[values.Count * 4];
        for (var i = 0; i < values.Count; i++)
        {
            var value = DicomTag.Parse(values[i].Text ?? throw new DicomValueException($"{tag}: AT values are hex strings."));
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 4), value.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((i * 4) + 2), value.Element);
        }

        return bytes;
    }

    private static byte[] Binary<T>(List<JsonValue> values, Func<JsonValue, T> convert)
        where T : unmanaged
    {
        var array = values.Select(convert).ToArray();
        return MemoryMarshal.AsBytes(array.AsSpan()).ToArray();
    }

    private static JsonValue ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return new JsonValue(string.Empty, null);
            case JsonTokenType.String:
                return new JsonValue(reader.GetString(), null);
            case JsonTokenType.Number:
                return new JsonValue(null, Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan));
            case JsonTokenType.StartObject:
                // A PN object: rebuild "Alphabetic=Ideographic=Phonetic".
                string alphabetic = string.Empty, ideographic = string.Empty, phonetic = string.Empty;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var group = reader.GetString();
                    reader.Read();
                    var text = reader.TokenType == JsonTokenType.Null ? string.Empty : reader.GetString() ?? string.Empty;
                    switch (group)
                    {
                        case "Alphabetic": alphabetic = text; break;
                        case "Ideographic": ideographic = text; break;
                        case "Phonetic": phonetic = text; break;
                    }
                }

                return new JsonValue(new DicomPersonName(alphabetic, ideographic, phonetic).ToString(), null);
            default:
                throw new JsonException($"Unexpected {reader.TokenType} in a Value array.");
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {type}, found {reader.TokenType}.");
        }
    }

    /// <summary>A JSON value: a string (or null as empty) or the raw text of a number.</summary>
    private sealed record JsonValue(string? Text, string? RawNumber)
    {
        public long Integer(DicomTag tag) =>
            long.TryParse(RawNumber ?? Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new DicomValueException($"{tag}: '{RawNumber ?? Text}' is not an integer.");

        public double Real(DicomTag tag) =>
            double.TryParse(RawNumber ?? Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new DicomValueException($"{tag}: '{RawNumber ?? Text}' is not a number.");
    }
}
