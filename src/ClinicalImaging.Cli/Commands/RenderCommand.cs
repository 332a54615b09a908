using System.CommandLine;
using System.Globalization;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Display;
using ClinicalImaging.Dicom.Imaging.Png;

namespace ClinicalImaging.Cli.Commands;

/// <summary><c>clinimg render FILE --frame N --out F.png [--window C,W] [--size N]</c>: one frame as a display-ready PNG.</summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var file = CommonOptions.InputFile();
        var frame = CommonOptions.Frame();
        var output = CommonOptions.Output("Where to write the PNG");
        var window = new Option<string?>("--window") { Description = "Window centre and width, e.g. 40,400 (default: the file's first window, else min/max)" };
        var size = new Option<int?>("--size") { Description = "Fit within N×N pixels, keeping the aspect ratio" };
        var command = new Command("render", "Render one frame through the display pipeline to PNG") { file, frame, output, window, size };
        command.SetAction(parse =>
        {
            using var dicom = CommonOptions.Open(parse.GetValue(file)!);
            var image = DicomImage.FromFile(dicom);
            using var decoded = image.DecodeFrame(parse.GetValue(frame) - 1, CommonOptions.Codecs);
            var rendered = FrameRenderer.Render(decoded, image.CreateRenderOptions(ParseWindow(parse.GetValue(window))));
            if (parse.GetValue(size) is { } maximum)
            {
                rendered = ImageResizer.Fit(rendered, maximum, maximum);
            }

            var target = parse.GetValue(output)!;
            using (var stream = target.Create())
            {
                PngEncoder.Write(stream, rendered);
            }

            parse.InvocationConfiguration.Output.WriteLine($"{target.FullName}: {rendered.Width}x{rendered.Height}, {rendered.Channels} channel(s)");
            return 0;
        });
        return command;
    }

    private static VoiWindow? ParseWindow(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split(',');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var center)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var width)
            && width >= 1)
        {
            return new VoiWindow(center, width, VoiLutFunction.Linear);
        }

        throw new InvalidOperationException($"--window '{text}' must be CENTER,WIDTH with a width of at least 1, e.g. 40,400");
    }
}
