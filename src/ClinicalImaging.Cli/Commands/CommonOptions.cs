using System.CommandLine;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Imaging.Codecs;
using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Infrastructure.Codecs;

namespace ClinicalImaging.Cli.Commands;

/// <summary>Arguments and services the file commands share.</summary>
internal static class CommonOptions
{
    public static Argument<FileInfo> InputFile() => new("FILE") { Description = "A DICOM file (Part 10, or a raw data set)" };

    public static Option<int> Frame() => new("--frame")
    {
        Description = "Frame number, from 1 (multi-frame images)",
        DefaultValueFactory = _ => 1,
    };

    public static Option<FileInfo> Output(string description) => new("--out") { Description = description, Required = true };

    /// <summary>Native, RLE and every GDCM codec (JPEG family, JPEG-LS, JPEG 2000).</summary>
    public static PixelCodecRegistry Codecs { get; } = GdcmPixelCodec.RegisterAll(PixelCodecRegistry.CreateDefault());

    public static DicomFile Open(FileInfo file, DicomReadOptions? options = null)
    {
        if (!file.Exists)
        {
            throw new IOException($"{file.FullName} does not exist");
        }

        return DicomFile.Open(file.FullName, options);
    }
}
