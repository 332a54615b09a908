using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Json;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Ingest.StoreInstance;

/// <summary>
/// Maps a parsed header to the <see cref="InstanceMetadata"/> the archive indexes. Optional values that cannot be
/// read (a malformed date, a number that is not one) or that exceed their value representation's maximum length are
/// left out of the index rather than refusing the object; they stay, as sent, in the header JSON and the original file.
/// </summary>
public static class DicomMetadataExtractor
{
    /// <summary>Binary values up to this size stay inline (base64) in the header JSON; larger ones are bulk data.</summary>
    public const int InlineBinaryLimit = 1024;

    /// <summary>The relative BulkDataURI prefix stored for top-level bulk data; retrieval resolves it against the instance's URL.</summary>
    public const string BulkDataPathPrefix = "bulkdata/";

    // Maximum lengths of the value representations (PS3.5 Table 6.2-1), which are the index's column sizes.
    private const int ShortString = 16;
    private const int LongString = 64;
    private const int PersonNameLength = 324;
    private const int AgeString = 4;
    private const int SoftwareVersionsLength = 256;

    public static InstanceMetadata Extract(DicomFile file, StoredObject storedObject)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(storedObject);
        var ds = file.Dataset;
        var pixelSpacing = Doubles(ds, DicomTags.PixelSpacing) is { Length: 2 } spacing ? spacing : Doubles(ds, DicomTags.ImagerPixelSpacing);

        return new InstanceMetadata(
            new PatientIdentity(
                Text(ds, DicomTags.PatientID, LongString) ?? string.Empty,
                Text(ds, DicomTags.IssuerOfPatientID, LongString),
                Text(ds, DicomTags.PatientName, PersonNameLength),
                Date(ds, DicomTags.PatientBirthDate),
                Text(ds, DicomTags.PatientSex, ShortString)),
            ds.GetUid(DicomTags.StudyInstanceUID) ?? string.Empty,
            new StudyDetails(
                Date(ds, DicomTags.StudyDate),
                Time(ds, DicomTags.StudyTime),
                Text(ds, DicomTags.StudyDescription, LongString),
                Text(ds, DicomTags.AccessionNumber, ShortString),
                Text(ds, DicomTags.ReferringPhysicianName, PersonNameLength),
                Text(ds, DicomTags.StudyID, ShortString)),
            new PatientCharacteristics(
                Text(ds, DicomTags.PatientAge, AgeString),
                Number(ds, DicomTags.PatientWeight),
                Number(ds, DicomTags.PatientSize)),
            ds.GetUid(DicomTags.SeriesInstanceUID) ?? string.Empty,
            new SeriesDetails(
                Integer(ds, DicomTags.SeriesNumber),
                Text(ds, DicomTags.SeriesDescription, LongString),
                Text(ds, DicomTags.Modality, ShortString),
                Text(ds, DicomTags.BodyPartExamined, LongString),
                Text(ds, DicomTags.Laterality, ShortString) ?? Text(ds, DicomTags.ImageLaterality, ShortString),
                Text(ds, DicomTags.PatientPosition, ShortString),
                Text(ds, DicomTags.ProtocolName, LongString),
                Date(ds, DicomTags.SeriesDate),
                Time(ds, DicomTags.SeriesTime)),
            new Equipment(
                Text(ds, DicomTags.Manufacturer, LongString),
                Text(ds, DicomTags.ManufacturerModelName, LongString),
                Text(ds, DicomTags.SoftwareVersions, SoftwareVersionsLength),
                Text(ds, DicomTags.StationName, ShortString),
                Text(ds, DicomTags.InstitutionName, LongString)),
            ds.GetUid(DicomTags.SOPInstanceUID) ?? string.Empty,
            ds.GetUid(DicomTags.SOPClassUID) ?? string.Empty,
            file.TransferSyntax.Uid,
            Integer(ds, DicomTags.InstanceNumber),
            new ImagePixelInfo(
                Integer(ds, DicomTags.Rows),
                Integer(ds, DicomTags.Columns),
                Integer(ds, DicomTags.BitsAllocated),
                Integer(ds, DicomTags.BitsStored),
                Integer(ds, DicomTags.NumberOfFrames),
                Text(ds, DicomTags.PhotometricInterpretation, ShortString)),
            new AcquisitionParameters(
                Number(ds, DicomTags.SliceThickness),
                pixelSpacing is { Length: 2 } ? pixelSpacing[0] : null,
                pixelSpacing is { Length: 2 } ? pixelSpacing[1] : null,
                Number(ds, DicomTags.SpacingBetweenSlices),
                Text(ds, DicomTags.ContrastBolusAgent, LongString),
                Number(ds, DicomTags.KVP),
                Number(ds, DicomTags.ExposureTime),
                Number(ds, DicomTags.RepetitionTime),
                Number(ds, DicomTags.EchoTime),
                Number(ds, DicomTags.ReconstructionDiameter)),
            new CardiacGating(
                Number(ds, DicomTags.TriggerTime),
                Integer(ds, DicomTags.HeartRate),
                Number(ds, DicomTags.NominalInterval),
                Integer(ds, DicomTags.CardiacNumberOfImages)),
            storedObject,
            HeaderJson(ds));
    }

    /// <summary>
    /// The header as DICOM JSON without bulk data: top-level binary values above <see cref="InlineBinaryLimit"/>
    /// become relative BulkDataURIs (<c>bulkdata/{tag}</c>), nested ones are left out. Pixel Data is never in it
    /// (the header is read up to Pixel Data only), nor are the <see cref="DirectIdentifiers"/> at any depth (the
    /// store strips them too, whoever registers a header; here they are never written at all).
    /// </summary>
    public static string HeaderJson(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return DicomJsonSerializer.Serialize(dataset, new DicomJsonOptions
        {
            Exclude = DirectIdentifiers.Contains,
            BulkData = (element, owner) => element switch
            {
                DicomValueElement { Length: <= InlineBinaryLimit } => DicomBulkDataDecision.Inline,
                _ when ReferenceEquals(owner, dataset) => DicomBulkDataDecision.Uri(BulkDataPathPrefix + element.Tag.ToHexString()),
                _ => DicomBulkDataDecision.Omit,
            },
        });
    }

    private static string? Text(DicomDataset ds, DicomTag tag, int maxLength)
    {
        try
        {
            var value = ds.GetString(tag)?.Trim();
            return string.IsNullOrEmpty(value) || value.Length > maxLength ? null : value;
        }
        catch (DicomException)
        {
            return null;
        }
    }

    private static int? Integer(DicomDataset ds, DicomTag tag) => ds.TryGetInt32(tag, out var value) ? value : null;

    private static double? Number(DicomDataset ds, DicomTag tag) =>
        ds.TryGetDouble(tag, 0, out var value) && double.IsFinite(value) ? value : null;

    private static double[]? Doubles(DicomDataset ds, DicomTag tag)
    {
        var count = ds.ValueCount(tag);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (!ds.TryGetDouble(tag, i, out values[i]))
            {
                return null;
            }
        }

        return values;
    }

    private static DateOnly? Date(DicomDataset ds, DicomTag tag)
    {
        try
        {
            return ds.GetDate(tag);
        }
        catch (DicomException)
        {
            return null;
        }
    }

    private static TimeOnly? Time(DicomDataset ds, DicomTag tag)
    {
        try
        {
            return ds.GetTime(tag);
        }
        catch (DicomException)
        {
            return null;
        }
    }
}
