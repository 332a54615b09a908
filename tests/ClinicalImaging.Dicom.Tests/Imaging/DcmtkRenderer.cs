using System.Diagnostics;
using System.Text;

namespace ClinicalImaging.Dicom.Tests.Imaging;

/// <summary>dcmtk's dcmj2pnm (dcm2pnm plus the JPEG decoders) as an independent renderer: writes binary PGM/PPM, which this reads back.</summary>
public static class DcmtkRenderer
{
    public static (int Width, int Height, int Channels, byte[] Pixels) Render(string dicomFile, params string[] options)
    {
        string output = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".pnm");
        try
        {
            var start = new ProcessStartInfo("dcmj2pnm") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string option in options)
            {
                start.ArgumentList.Add(option);
            }

            start.ArgumentList.Add("+op");
            start.ArgumentList.Add(dicomFile);
            start.ArgumentList.Add(output);
            using var process = Process.Start(start)!;
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dcmj2pnm failed ({process.ExitCode}): {stderr}");
            }

            return ReadPnm(File.ReadAllBytes(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    public static string TestFile(string name) =>
        Path.Combine("/usr/lib/python3/dist-packages/pydicom/data/test_files", name);

    /// <summary>Binary PGM (P5) or PPM (P6) with maxval 255: "Px width height maxval" then one whitespace.</summary>
    private static (int, int, int, byte[]) ReadPnm(byte[] file)
    {
        int position = 0;
        string[] header = new string[4];
        for (int field = 0; field < 4; field++)
        {
            while (char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }

            int start = position;
            while (!char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }

            header[field] = Encoding.ASCII.GetString(file, start, position - start);
        }

        position++;
        int channels = header[0] == "P6" ? 3 : 1;
        int width = int.Parse(header[1]);
        int height = int.Parse(header[2]);
        return (width, height, channels, file.AsSpan(position, width * height * channels).ToArray());
    }
}
