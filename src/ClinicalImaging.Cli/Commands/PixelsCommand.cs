using System.CommandLine;
using System.Text;
using ClinicalImaging.Dicom.Imaging;

namespace ClinicalImaging.Cli.Commands;

/// <summary>
/// <c>clinimg pixels FILE --frame N --out F.npy</c>: the decoded stored values of one frame as a NumPy array —
/// the values and shape of pydicom's <c>pixel_array</c> for that frame ((rows, columns) or (rows, columns, 3)).
/// </summary>
internal static class PixelsCommand
{
    public static Command Create()
    {
        var file = CommonOptions.InputFile();
        var frame = CommonOptions.Frame();
        var output = CommonOptions.Output("Where to write the .npy array");
        var command = new Command("pixels", "Write one frame's decoded values as a NumPy .npy file") { file, frame, output };
        command.SetAction(parse =>
        {
            using var dicom = CommonOptions.Open(parse.GetValue(file)!);
            var image = DicomImage.FromFile(dicom);
            using var decoded = image.DecodeFrame(parse.GetValue(frame) - 1, CommonOptions.Codecs);
            var target = parse.GetValue(output)!;
            using (var stream = target.Create())
            {
                WriteNpy(stream, decoded);
            }

            parse.InvocationConfiguration.Output.WriteLine($"{target.FullName}: {decoded.Rows}x{decoded.Columns}x{decoded.SamplesPerPixel} {decoded.SampleType}");
            return 0;
        });
        return command;
    }

    /// <summary>NPY format 1.0: magic, version, a little-endian header length, a Python dict literal padded to 64 bytes, the data.</summary>
    internal static void WriteNpy(Stream stream, DecodedFrame frame)
    {
        var descr = frame.SampleType switch
        {
            PixelSampleType.UInt8 => "|u1",
            PixelSampleType.Int8 => "|i1",
            PixelSampleType.UInt16 => "<u2",
            PixelSampleType.Int16 => "<i2",
            PixelSampleType.UInt32 => "<u4",
            _ => "<i4",
        };
        var shape = frame.SamplesPerPixel == 1 ? $"({frame.Rows}, {frame.Columns})" : $"({frame.Rows}, {frame.Columns}, {frame.SamplesPerPixel})";
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        var unpadded = 6 + 2 + 2 + header.Length + 1;
        header = header + new string(' ', (64 - (unpadded % 64)) % 64) + "\n";

        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(frame.Bytes);
    }
}
