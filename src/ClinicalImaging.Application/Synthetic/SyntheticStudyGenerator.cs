using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using ClinicalImaging.Application.Fhir.Terminology;
using ClinicalImaging.Dicom;

namespace ClinicalImaging.Application.Synthetic;

/// <summary>One generated object and where it goes: <c>study_{key}/series_{n}_{modality}/slice_{n}.dcm</c>.</summary>
public sealed record GeneratedInstance(string RelativePath, DicomFile File);

/// <summary>
/// Makes DICOM studies from <see cref="StudyPlan"/>s: for each series the storage SOP class of its modality with the
/// modules its IOD requires (PS3.3 Annex A), a consistent study/series/instance hierarchy and geometry, and
/// anatomically inspired pixel data (<see cref="Phantom"/>). The same seed and plan give the same bytes.
/// </summary>
public sealed class SyntheticStudyGenerator(int seed)
{
    private const string Manufacturer = "ClinicalImaging";
    private const string ModelName = "Synthetic Study Generator";

    /// <summary>The instances of a study, made one at a time (only one is held at once).</summary>
    public IEnumerable<GeneratedInstance> Generate(StudyPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var series in plan.Series)
        {
            var frameOfReference = DeriveUid(plan.StudyInstanceUid, series.SeriesInstanceUid, "frame-of-reference");
            for (var index = 0; index < series.InstanceCount; index++)
            {
                var sopInstanceUid = index < series.InstanceUids.Count ? series.InstanceUids[index] : DeriveUid(plan.StudyInstanceUid, series.SeriesInstanceUid, index.ToString(CultureInfo.InvariantCulture));
                var dataset = Build(plan, series, index, sopInstanceUid, frameOfReference);
                var path = Path.Combine($"study_{SafeName(plan.Key)}", $"series_{series.Number}_{series.Profile.Modality}", $"slice_{index + 1}.dcm");
                yield return new GeneratedInstance(path, new DicomFile(new DicomDataset(), dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
            }
        }
    }

    /// <summary>A 2.25 UID derived from the seed and the given parts, so that runs with one seed agree.</summary>
    public string DeriveUid(params string[] parts) =>
        DicomImplementation.DeriveUid($"clinimg-generate/{seed}/{string.Join('/', parts)}");

    private DicomDataset Build(StudyPlan plan, SeriesPlan series, int index, string sopInstanceUid, string frameOfReference)
    {
        var profile = series.Profile;
        var random = new Random(StableHash(seed, sopInstanceUid));
        var acquired = plan.Started.AddMinutes(series.Number).AddSeconds(index);
        var ds = new DicomDataset();
        ds.Set(DicomTags.SpecificCharacterSet, "ISO_IR 192");

        // SOP Common, Patient, General Study, General Series, General Equipment (PS3.3 C.12.1, C.7.1.1, C.7.2.1, C.7.3.1, C.7.5.1).
        ds.Set(DicomTags.SOPClassUID, profile.SopClassUid);
        ds.Set(DicomTags.SOPInstanceUID, sopInstanceUid);
        ds.Set(DicomTags.InstanceCreationDate, Da(acquired));
        ds.Set(DicomTags.InstanceCreationTime, Tm(acquired));
        ds.Set(DicomTags.PatientName, plan.Patient.Name ?? string.Empty);
        ds.Set(DicomTags.PatientID, plan.Patient.PatientId);
        ds.Set(DicomTags.PatientBirthDate, plan.Patient.BirthDate is { } birth ? birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) : string.Empty);
        ds.Set(DicomTags.PatientSex, plan.Patient.Sex ?? string.Empty);
        ds.Set(DicomTags.StudyInstanceUID, plan.StudyInstanceUid);
        ds.Set(DicomTags.StudyDate, Da(plan.Started));
        ds.Set(DicomTags.StudyTime, Tm(plan.Started));
        ds.Set(DicomTags.ReferringPhysicianName, string.Empty);
        ds.Set(DicomTags.StudyID, StableHash(seed, plan.StudyInstanceUid).ToString("D8", CultureInfo.InvariantCulture)[..8]);
        ds.Set(DicomTags.AccessionNumber, plan.AccessionNumber ?? string.Empty);
        if (plan.Description is { } studyDescription)
        {
            ds.Set(DicomTags.StudyDescription, Truncate(studyDescription, 64));
        }

        ds.Set(DicomTags.Modality, profile.WrittenModality);
        ds.Set(DicomTags.SeriesInstanceUID, series.SeriesInstanceUid);
        ds.Set(DicomTags.SeriesNumber, series.Number.ToString(CultureInfo.InvariantCulture));
        ds.Set(DicomTags.SeriesDate, Da(plan.Started.AddMinutes(series.Number)));
        ds.Set(DicomTags.SeriesTime, Tm(plan.Started.AddMinutes(series.Number)));
        ds.Set(DicomTags.SeriesDescription, Truncate(series.Description ?? $"{profile.Modality} {series.BodyPartExamined}", 64));
        ds.Set(DicomTags.BodyPartExamined, series.BodyPartExamined);
        ds.Set(DicomTags.Manufacturer, Manufacturer);
        ds.Set(DicomTags.ManufacturerModelName, ModelName);
        ds.Set(DicomTags.SoftwareVersions, "1");

        // General Image (C.7.6.1).
        ds.Set(DicomTags.InstanceNumber, (index + 1).ToString(CultureInfo.InvariantCulture));
        ds.Set(DicomTags.ContentDate, Da(acquired));
        ds.Set(DicomTags.ContentTime, Tm(acquired));
        ds.Set(DicomTags.AcquisitionNumber, "1");

        switch (profile.Modality)
        {
            case "CT":
            case "MR":
                CrossSectional(ds, plan, series, index, frameOfReference, random);
                break;
            case "US":
                Ultrasound(ds, series, index, random);
                break;
            default:
                Radiograph(ds, series, index, random);
                break;
        }

        return ds;
    }

    // ---- CT and MR: Frame of Reference, Image Plane, CT Image / MR Image, VOI LUT (C.7.4.1, C.7.6.2, C.8.2.1, C.8.3.1, C.11.2).
    private static void CrossSectional(DicomDataset ds, StudyPlan plan, SeriesPlan series, int index, string frameOfReference, Random random)
    {
        var profile = series.Profile;
        var isCt = profile.Modality == "CT";
        ds.Set(DicomTags.PatientPosition, "HFS");
        ds.Set(DicomTags.FrameOfReferenceUID, frameOfReference);
        ds.Set(DicomTags.PositionReferenceIndicator, string.Empty);
        var spacing = profile.PixelSpacingMm;
        var sliceLocation = (index - ((series.InstanceCount - 1) / 2.0)) * profile.SliceThicknessMm;
        ds.Set(DicomTags.PixelSpacing, Ds(spacing), Ds(spacing));
        ds.Set(DicomTags.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
        ds.Set(DicomTags.ImagePositionPatient, Ds(-spacing * profile.Columns / 2), Ds(-spacing * profile.Rows / 2), Ds(sliceLocation));
        ds.Set(DicomTags.SliceThickness, Ds(profile.SliceThicknessMm));
        ds.Set(DicomTags.SliceLocation, Ds(sliceLocation));

        var z = series.InstanceCount == 1 ? 0.5 : (double)index / (series.InstanceCount - 1);
        var values = new short[profile.Rows * profile.Columns];
        if (isCt)
        {
            ds.Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
            ds.Set(DicomTags.RescaleIntercept, "-1024");
            ds.Set(DicomTags.RescaleSlope, "1");
            ds.Set(DicomTags.RescaleType, "HU");
            ds.Set(DicomTags.KVP, "120");
            ds.Set(DicomTags.ConvolutionKernel, "STANDARD");
            (var center, var width) = series.BodyPartExamined == "HEAD" ? (40, 80) : (40, 400);
            ds.Set(DicomTags.WindowCenter, center.ToString(CultureInfo.InvariantCulture));
            ds.Set(DicomTags.WindowWidth, width.ToString(CultureInfo.InvariantCulture));
            Phantom.CtSlice(values, profile.Rows, profile.Columns, series.BodyPartExamined, z, random);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (short)Math.Clamp(values[i] + 1024, 0, (1 << profile.BitsStored) - 1);
            }
        }
        else
        {
            ds.Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "OTHER");
            ds.Set(DicomTags.ScanningSequence, "SE");
            ds.Set(DicomTags.SequenceVariant, "NONE");
            ds.Set(DicomTags.ScanOptions, string.Empty);
            ds.Set(DicomTags.MRAcquisitionType, "2D");
            ds.Set(DicomTags.RepetitionTime, "500");
            ds.Set(DicomTags.EchoTime, "15");
            ds.Set(DicomTags.EchoTrainLength, "1");
            ds.Set(DicomTags.MagneticFieldStrength, "1.5");
            ds.Set(DicomTags.ImagedNucleus, "1H");
            ds.Set(DicomTags.SpacingBetweenSlices, Ds(profile.SliceThicknessMm));
            ds.Set(DicomTags.WindowCenter, "500");
            ds.Set(DicomTags.WindowWidth, "1000");
            Phantom.MrSlice(values, profile.Rows, profile.Columns, series.BodyPartExamined, z, random);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (short)Math.Clamp((int)values[i], 0, (1 << profile.BitsStored) - 1);
            }
        }

        ImagePixel(ds, profile, "MONOCHROME2", 16, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    // ---- CR, DX, XR, MG: CR Series/Image, DX Series/Anatomy Imaged/Image/Detector/Positioning, Mammography Series/Image (C.8.1, C.8.11, C.8.11.7).
    private static void Radiograph(DicomDataset ds, SeriesPlan series, int index, Random random)
    {
        var profile = series.Profile;
        var maxValue = (1 << profile.BitsStored) - 1;
        var pixels = new ushort[profile.Rows * profile.Columns];
        var spacing = Ds(profile.PixelSpacingMm);
        if (profile.Modality == "MG")
        {
            // Screening views alternate R CC, L CC, R MLO, L MLO; a laterality in the FHIR series fixes the side.
            var laterality = series.Laterality ?? (index % 2 == 0 ? "R" : "L");
            var view = index / 2 % 2 == 0 ? ProjectionView.CranioCaudal : ProjectionView.MedioLateralOblique;
            Phantom.Mammogram(pixels, profile.Rows, profile.Columns, chestWallOnLeft: laterality == "R", maxValue, random);
            DigitalXRay(ds, laterality, maxValue);
            ds.Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY", string.Empty);
            ds.Set(DicomTags.PositionerType, "MAMMOGRAPHIC");
            ds.Set(DicomTags.OrganExposed, "BREAST");
            ds.Set(DicomTags.ViewCodeSequence, [Code(view.Code, "SCT", view.Meaning).Set(DicomTags.ViewModifierCodeSequence, Array.Empty<DicomDataset>())]);
            ds.Set(DicomTags.PatientOrientation, laterality == "R" ? "P" : "A", view == ProjectionView.CranioCaudal ? (laterality == "R" ? "L" : "R") : "F");
            ds.Set(DicomTags.BreastImplantPresent, "NO");
            ds.Set(DicomTags.ImagerPixelSpacing, spacing, spacing);
        }
        else if (profile.Modality == "XR")
        {
            // Two views, as a chest radiograph is taken: PA (patient facing the detector), then left lateral.
            var lateral = index % 2 == 1;
            if (lateral)
            {
                Phantom.LateralProjection(pixels, profile.Rows, profile.Columns, series.BodyPartExamined, maxValue, random);
            }
            else
            {
                Phantom.Projection(pixels, profile.Rows, profile.Columns, series.BodyPartExamined, maxValue, random);
            }

            DigitalXRay(ds, series.Laterality ?? "U", maxValue);
            ds.Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY");
            ds.Set(DicomTags.PositionerType, string.Empty);
            ds.Set(DicomTags.ImagerPixelSpacing, spacing, spacing);
            ds.Set(DicomTags.KVP, lateral ? "120" : "110");
            // DX Positioning (C.8.11.5): the view; displayed as usual, the patient's left (PA) or back (lateral) to the right.
            ds.Set(DicomTags.ViewPosition, lateral ? "LL" : "PA");
            var view = lateral ? ProjectionView.LeftLateral : ProjectionView.PosteroAnterior;
            ds.Set(DicomTags.ViewCodeSequence, [Code(view.Code, "SCT", view.Meaning)]);
            ds.Set(DicomTags.PatientOrientation, lateral ? "P" : "L", "F");
        }
        else
        {
            Phantom.Projection(pixels, profile.Rows, profile.Columns, series.BodyPartExamined, maxValue, random);
            ds.Set(DicomTags.PatientOrientation, "L", "F");
            if (profile.Modality == "DX")
            {
                DigitalXRay(ds, series.Laterality ?? "U", maxValue);
                ds.Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY");
                ds.Set(DicomTags.PositionerType, string.Empty);
                ds.Set(DicomTags.ImagerPixelSpacing, spacing, spacing);
            }
            else
            {
                ds.Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY");
                ds.Set(DicomTags.ViewPosition, "PA");
                ds.Set(DicomTags.ImagerPixelSpacing, spacing, spacing);
                ds.Set(DicomTags.KVP, "110");
                ds.Set(DicomTags.WindowCenter, (maxValue / 2).ToString(CultureInfo.InvariantCulture));
                ds.Set(DicomTags.WindowWidth, maxValue.ToString(CultureInfo.InvariantCulture));
            }
        }

        ImagePixel(ds, profile, "MONOCHROME2", 16, MemoryMarshal.AsBytes(pixels.AsSpan()).ToArray());
    }

    private static void DigitalXRay(DicomDataset ds, string imageLaterality, int maxValue)
    {
        ds.Set(DicomTags.PresentationIntentType, "FOR PRESENTATION");
        ds.Set(DicomTags.ImageLaterality, imageLaterality);
        if (BodyPartExamined.ToSnomedCt(ds.GetString(DicomTags.BodyPartExamined)) is { } region)
        {
            ds.Set(DicomTags.AnatomicRegionSequence, [Code(region.Code!, "SCT", region.Display!)]);
        }
        else
        {
            ds.Set(DicomTags.AnatomicRegionSequence, Array.Empty<DicomDataset>());
        }

        ds.Set(DicomTags.PixelIntensityRelationship, "LOG");
        ds.Set(DicomTags.PixelIntensityRelationshipSign, (short)1);
        ds.Set(DicomTags.RescaleIntercept, "0");
        ds.Set(DicomTags.RescaleSlope, "1");
        ds.Set(DicomTags.RescaleType, "US");
        ds.Set(DicomTags.PresentationLUTShape, "IDENTITY");
        ds.Set(DicomTags.LossyImageCompression, "00");
        ds.Set(DicomTags.BurnedInAnnotation, "NO");
        ds.Set(DicomTags.DetectorType, "DIRECT");
        ds.Set(DicomTags.AcquisitionContextSequence, Array.Empty<DicomDataset>());
        ds.Set(DicomTags.WindowCenter, (maxValue / 2).ToString(CultureInfo.InvariantCulture));
        ds.Set(DicomTags.WindowWidth, maxValue.ToString(CultureInfo.InvariantCulture));
    }

    // ---- US: US Image (C.8.5.6).
    private static void Ultrasound(DicomDataset ds, SeriesPlan series, int index, Random random)
    {
        var profile = series.Profile;
        var pixels = new byte[profile.Rows * profile.Columns];
        Phantom.Ultrasound(pixels, profile.Rows, profile.Columns, series.InstanceCount == 1 ? 0 : (double)index / series.InstanceCount, random);
        ds.Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY");
        ds.Set(DicomTags.LossyImageCompression, "00");
        ds.Set(DicomTags.PatientOrientation, string.Empty);
        ImagePixel(ds, profile, "MONOCHROME2", 8, pixels);
    }

    private static void ImagePixel(DicomDataset ds, ModalityProfile profile, string photometric, ushort bitsAllocated, byte[] pixelData)
    {
        ds.Set(DicomTags.SamplesPerPixel, (ushort)1);
        ds.Set(DicomTags.PhotometricInterpretation, photometric);
        ds.Set(DicomTags.Rows, (ushort)profile.Rows);
        ds.Set(DicomTags.Columns, (ushort)profile.Columns);
        ds.Set(DicomTags.BitsAllocated, bitsAllocated);
        ds.Set(DicomTags.BitsStored, (ushort)profile.BitsStored);
        ds.Set(DicomTags.HighBit, (ushort)(profile.BitsStored - 1));
        ds.Set(DicomTags.PixelRepresentation, (ushort)0);
        ds.Set(DicomTags.PixelData, bitsAllocated == 8 ? DicomVR.OB : DicomVR.OW, (ReadOnlyMemory<byte>)pixelData);
    }

    private static DicomDataset Code(string value, string scheme, string meaning) =>
        new DicomDataset().Set(DicomTags.CodeValue, value).Set(DicomTags.CodingSchemeDesignator, scheme).Set(DicomTags.CodeMeaning, meaning);

    private sealed record ProjectionView(string Code, string Meaning)
    {
        // DICOM CID 4014 (View for Mammography).
        public static readonly ProjectionView CranioCaudal = new("399162004", "cranio-caudal");
        public static readonly ProjectionView MedioLateralOblique = new("399368009", "medio-lateral oblique");

        // DICOM CID 4010 (DX View).
        public static readonly ProjectionView PosteroAnterior = new("272479007", "postero-anterior");
        public static readonly ProjectionView LeftLateral = new("399173006", "left lateral");
    }

    private static string Da(DateTime value) => value.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Tm(DateTime value) => value.ToString("HHmmss", CultureInfo.InvariantCulture);

    /// <summary>A DS value of at most 16 characters.</summary>
    private static string Ds(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static string SafeName(string key) => string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));

    /// <summary>A hash that, unlike string.GetHashCode, is the same in every process.</summary>
    internal static int StableHash(int seed, string text) =>
        BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}/{text}")), 0) & int.MaxValue;
}
