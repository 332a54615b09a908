using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.IntegrationTests.Ingest;

namespace ClinicalImaging.IntegrationTests.Jobs;

/// <summary>DICOM objects the demo models accept, made from the models' own sample images (models/*/samples).</summary>
internal static class AnalysisInstances
{
    public const string ChestModel = "cxr-findings-demo";
    public const string HeadCtModel = "ct-head-hemorrhage-demo";
    private const string CrImageStorage = "1.2.840.10008.5.1.4.1.1.1";

    private static readonly JsonSerializerOptions SampleJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string ModelsDirectory { get; } = FindModels();

    /// <summary>A chest radiograph (CR, CHEST) carrying a sample's stored pixels, under fresh UIDs.</summary>
    public static byte[] ChestRadiograph(string sampleName, string studyUid)
    {
        var sample = ReadSample(sampleName);
        var pixels = File.ReadAllBytes(Path.Combine(ModelsDirectory, ChestModel, "samples", sample.Pixels.File));
        var sopInstanceUid = IngestFiles.NewUid();
        using var file = DicomFile.Open(IngestFiles.CtSmall);
        file.FileMetaInformation.Set(DicomTags.MediaStorageSOPClassUID, CrImageStorage);
        file.FileMetaInformation.Set(DicomTags.MediaStorageSOPInstanceUID, sopInstanceUid);
        var ds = file.Dataset;
        ds.Set(DicomTags.SOPClassUID, CrImageStorage);
        ds.Set(DicomTags.SOPInstanceUID, sopInstanceUid);
        ds.Set(DicomTags.StudyInstanceUID, studyUid);
        ds.Set(DicomTags.SeriesInstanceUID, IngestFiles.NewUid());
        ds.Set(DicomTags.Modality, "CR");
        ds.Set(DicomTags.BodyPartExamined, "CHEST");
        ds.Set(DicomTags.PhotometricInterpretation, sample.PhotometricInterpretation);
        ds.Set<ushort>(DicomTags.Rows, (ushort)sample.Rows);
        ds.Set<ushort>(DicomTags.Columns, (ushort)sample.Columns);
        ds.Set<ushort>(DicomTags.BitsAllocated, (ushort)sample.BitsAllocated);
        ds.Set<ushort>(DicomTags.BitsStored, (ushort)sample.BitsStored);
        ds.Set<ushort>(DicomTags.HighBit, (ushort)sample.HighBit);
        ds.Set<ushort>(DicomTags.PixelRepresentation, (ushort)sample.PixelRepresentation);
        ds.Set(DicomTags.RescaleSlope, sample.RescaleSlope.ToString(CultureInfo.InvariantCulture));
        ds.Set(DicomTags.RescaleIntercept, sample.RescaleIntercept.ToString(CultureInfo.InvariantCulture));
        ds.Remove(DicomTags.WindowCenter);
        ds.Remove(DicomTags.WindowWidth);
        ds.Set(DicomTags.PixelData, DicomVR.OW, new ReadOnlyMemory<byte>(pixels));

        using var output = new MemoryStream();
        file.Save(output);
        return output.ToArray();
    }

    /// <summary>A head CT (pydicom's CT_small with Body Part Examined HEAD), under fresh UIDs.</summary>
    public static byte[] HeadCt(string studyUid) =>
        IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.StudyInstanceUID, studyUid);
            ds.Set(DicomTags.SeriesInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.BodyPartExamined, "HEAD");
        });

    /// <summary>The sample's pixels as the model sees them, read straight from the raw file: the oracle for the DICOM path.</summary>
    public static InferenceImage ChestSampleImage(string sampleName)
    {
        var sample = ReadSample(sampleName);
        var raw = MemoryMarshal.Cast<byte, ushort>(File.ReadAllBytes(Path.Combine(ModelsDirectory, ChestModel, "samples", sample.Pixels.File)));
        var values = new float[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            values[i] = (float)((raw[i] * sample.RescaleSlope) + sample.RescaleIntercept);
        }

        return new InferenceImage(values, sample.Rows, sample.Columns, PhotometricInterpretationCodes.Parse(sample.PhotometricInterpretation), "CR", "CHEST");
    }

    private static Sample ReadSample(string name) =>
        JsonSerializer.Deserialize<Sample>(
            File.ReadAllText(Path.Combine(ModelsDirectory, ChestModel, "samples", name + ".json")),
            SampleJson)!;

    private static string FindModels()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "models", ChestModel)))
            {
                return Path.Combine(folder.FullName, "models");
            }
        }

        throw new DirectoryNotFoundException("No models/ folder above the test binaries");
    }

    private sealed record Sample(
        SamplePixels Pixels, int Rows, int Columns, int BitsAllocated, int BitsStored, int HighBit, int PixelRepresentation,
        string PhotometricInterpretation, double RescaleSlope, double RescaleIntercept);

    private sealed record SamplePixels(string File);
}
