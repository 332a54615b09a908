using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.IO;

namespace ClinicalImaging.Cli.Import;

/// <summary>Decides, cheaply, whether a file is worth sending to the archive.</summary>
public static class DicomSniffer
{
    private const int PreambleLength = 128;

    /// <summary>
    /// Null when the file is DICOM: Part 10 (128-byte preamble, then "DICM"), or a data set without preamble that our
    /// reader parses up to Pixel Data and that names a SOP instance. Otherwise the reason it is not.
    /// </summary>
    public static string? WhyNotDicom(string path)
    {
        Span<byte> head = stackalloc byte[PreambleLength + 4];
        int read;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None))
        {
            read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (read == 0)
        {
            return "empty file";
        }

        if (read == head.Length && head[PreambleLength..].SequenceEqual("DICM"u8))
        {
            return null;
        }

        try
        {
            using var dicom = DicomFile.Open(path, DicomReadOptions.HeaderOnly);
            return string.IsNullOrEmpty(dicom.Dataset.GetUid(DicomTags.SOPInstanceUID))
                ? "no DICM preamble, and no SOP Instance UID in what parses as a data set"
                : null;
        }
        catch (DicomException)
        {
            return "no DICM preamble, and not a readable DICOM data set";
        }
    }
}
