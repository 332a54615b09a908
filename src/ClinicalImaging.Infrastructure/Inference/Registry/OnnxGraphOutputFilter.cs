using System.Buffers;
using System.Text;

namespace ClinicalImaging.Infrastructure.Inference.Registry;

/// <summary>
/// Removes graph outputs from a serialized ONNX model by editing its protobuf encoding: the ModelProto's
/// <c>graph</c> (field 7) loses the <c>output</c> entries (GraphProto field 12, a ValueInfoProto whose field 1 is the
/// name) that are named; every other byte is kept as it was. ONNX Runtime runs every node of a graph whatever outputs a
/// run asks for, so a model whose CAM layers are graph outputs computes them, and lays them out back from ORT's blocked
/// format, on runs that want only the logits; without those outputs the nodes that only fed them are gone.
/// </summary>
internal static class OnnxGraphOutputFilter
{
    private const int ModelGraphField = 7;
    private const int GraphOutputField = 12;
    private const int ValueInfoNameField = 1;
    private const int LengthDelimited = 2;

    /// <exception cref="InvalidDataException">The bytes are not a protobuf ModelProto with a graph that has every named output.</exception>
    public static byte[] Remove(ReadOnlySpan<byte> model, IReadOnlyCollection<string> outputs)
    {
        var removed = new HashSet<string>(StringComparer.Ordinal);
        var writer = new ArrayBufferWriter<byte>(model.Length);
        var graphs = 0;
        foreach (var field in Fields(model))
        {
            if (field.Number == ModelGraphField && field.WireType == LengthDelimited)
            {
                var graph = FilterGraph(field.Payload(model), outputs, removed);
                WriteVarint(writer, (ulong)((ModelGraphField << 3) | LengthDelimited));
                WriteVarint(writer, (ulong)graph.Length);
                writer.Write(graph);
                graphs++;
            }
            else
            {
                writer.Write(model[field.Start..field.End]);
            }
        }

        var missing = outputs.Where(name => !removed.Contains(name)).ToArray();
        return graphs == 1 && missing.Length == 0
            ? writer.WrittenSpan.ToArray()
            : throw new InvalidDataException(graphs != 1
                ? $"The model has {graphs} graphs; an ONNX ModelProto has one."
                : $"The model's graph has no output(s) {string.Join(", ", missing)}.");
    }

    private static byte[] FilterGraph(ReadOnlySpan<byte> graph, IReadOnlyCollection<string> outputs, HashSet<string> removed)
    {
        var writer = new ArrayBufferWriter<byte>(graph.Length);
        foreach (var field in Fields(graph))
        {
            if (field.Number == GraphOutputField && field.WireType == LengthDelimited
                && Name(field.Payload(graph)) is { } name && outputs.Contains(name))
            {
                removed.Add(name);
                continue;
            }

            writer.Write(graph[field.Start..field.End]);
        }

        return writer.WrittenSpan.ToArray();
    }

    private static string? Name(ReadOnlySpan<byte> valueInfo)
    {
        foreach (var field in Fields(valueInfo))
        {
            if (field.Number == ValueInfoNameField && field.WireType == LengthDelimited)
            {
                return Encoding.UTF8.GetString(field.Payload(valueInfo));
            }
        }

        return null;
    }

    /// <summary>The top-level fields of one protobuf message, each with its byte range (tag included) and payload range.</summary>
    private static List<Field> Fields(ReadOnlySpan<byte> message)
    {
        var fields = new List<Field>();
        var position = 0;
        while (position < message.Length)
        {
            var start = position;
            var tag = ReadVarint(message, ref position);
            var (number, wireType) = ((int)(tag >> 3), (int)(tag & 7));
            int payloadStart, payloadEnd;
            switch (wireType)
            {
                case 0:
                    ReadVarint(message, ref position);
                    (payloadStart, payloadEnd) = (start, position);
                    break;
                case 1:
                    (payloadStart, payloadEnd) = (position, position += 8);
                    break;
                case LengthDelimited:
                    var length = ReadVarint(message, ref position);
                    if (length > (ulong)(message.Length - position))
                    {
                        throw new InvalidDataException($"Protobuf field {number} at byte {start} runs past the end of its message.");
                    }

                    (payloadStart, payloadEnd) = (position, position += (int)length);
                    break;
                case 5:
                    (payloadStart, payloadEnd) = (position, position += 4);
                    break;
                default:
                    throw new InvalidDataException($"Protobuf field {number} at byte {start} has wire type {wireType}, which ONNX does not use.");
            }

            if (position > message.Length || number == 0)
            {
                throw new InvalidDataException($"The protobuf message is truncated or invalid at byte {start}.");
            }

            fields.Add(new Field(number, wireType, start, position, payloadStart, payloadEnd));
        }

        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= message.Length)
            {
                throw new InvalidDataException($"A protobuf varint runs past the end of its message at byte {position}.");
            }

            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException($"A protobuf varint is longer than 10 bytes at byte {position}.");
    }

    private static void WriteVarint(ArrayBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(10);
        var count = 0;
        while (value >= 0x80)
        {
            span[count++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[count++] = (byte)value;
        writer.Advance(count);
    }

    private readonly record struct Field(int Number, int WireType, int Start, int End, int PayloadStart, int PayloadEnd)
    {
        public ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> message) => message[PayloadStart..PayloadEnd];
    }
}
