using ClinicalImaging.Dicom.Imaging.Codecs;
using ClinicalImaging.Dicom.Imaging.Display;

namespace ClinicalImaging.Dicom.Imaging;

/// <summary>
/// The image of one data set: its pixel description, frames decoded one at a time on demand, and the display
/// parameters the data set carries (modality LUT, VOI windows or LUT, palette, presentation shape). The glue
/// between the parsed data set and the pixel pipeline, so that callers never read Image Pixel attributes by hand.
/// </summary>
public sealed class DicomImage
{
    private readonly DicomDataset _dataset;
    private readonly DicomPixelData _pixelData;
    private readonly string _transferSyntaxUid;
    private readonly PixelDataDescription _singleFrame;

    private DicomImage(DicomDataset dataset, DicomPixelData pixelData, string transferSyntaxUid, PixelDataDescription description)
    {
        _dataset = dataset;
        _pixelData = pixelData;
        _transferSyntaxUid = transferSyntaxUid;
        Description = description;
        _singleFrame = description.NumberOfFrames == 1 ? description : WithFrames(description, 1);
    }

    public PixelDataDescription Description { get; }

    public int NumberOfFrames => Description.NumberOfFrames;

    /// <summary>The image of <paramref name="file"/>.</summary>
    /// <exception cref="PixelDataException">The data set has no Pixel Data, or its Image Pixel attributes are inconsistent.</exception>
    public static DicomImage FromFile(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return FromDataset(file.Dataset, file.TransferSyntax.Uid);
    }

    /// <inheritdoc cref="FromFile"/>
    public static DicomImage FromDataset(DicomDataset dataset, string transferSyntaxUid)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var pixelData = DicomPixelData.From(dataset) ?? throw new PixelDataException("The data set has no Pixel Data (7FE0,0010).");
        var photometric = dataset.GetString(DicomTags.PhotometricInterpretation)
            ?? throw new PixelDataException("Photometric Interpretation (0028,0004) is missing.");
        var description = new PixelDataDescription(
            Required(dataset, DicomTags.Rows, "Rows (0028,0010)"),
            Required(dataset, DicomTags.Columns, "Columns (0028,0011)"),
            Required(dataset, DicomTags.BitsAllocated, "Bits Allocated (0028,0100)"),
            Optional(dataset, DicomTags.BitsStored) ?? Required(dataset, DicomTags.BitsAllocated, "Bits Allocated (0028,0100)"),
            Optional(dataset, DicomTags.HighBit) ?? (Optional(dataset, DicomTags.BitsStored) ?? Required(dataset, DicomTags.BitsAllocated, "Bits Allocated (0028,0100)")) - 1,
            (PixelRepresentation)(Optional(dataset, DicomTags.PixelRepresentation) ?? 0),
            Optional(dataset, DicomTags.SamplesPerPixel) ?? 1,
            PhotometricInterpretationCodes.Parse(photometric),
            (PlanarConfiguration)(Optional(dataset, DicomTags.PlanarConfiguration) ?? 0),
            Math.Max(1, Optional(dataset, DicomTags.NumberOfFrames) ?? 1));
        return new DicomImage(dataset, pixelData, transferSyntaxUid, description);
    }

    /// <summary>Decodes frame <paramref name="index"/> (0-based); the caller disposes the frame.</summary>
    /// <exception cref="PixelDataException">No codec for the transfer syntax, or the frame cannot be decoded.</exception>
    public DecodedFrame DecodeFrame(int index, PixelCodecRegistry codecs)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        if ((uint)index >= (uint)NumberOfFrames)
        {
            throw new PixelDataException($"Frame {index + 1} does not exist; the image has {NumberOfFrames} frame(s).");
        }

        // Our reader holds native values little endian whatever the transfer syntax (big endian and deflate
        // included), so native frames always take the little-endian path; only encapsulated data needs its codec.
        var codecSyntax = _pixelData.IsEncapsulated ? _transferSyntaxUid : DicomTransferSyntax.ExplicitVRLittleEndian.Uid;
        if (!codecs.TryGetCodec(codecSyntax, out var codec))
        {
            throw new PixelDataException($"No decoder is available for transfer syntax {_transferSyntaxUid}.");
        }

        try
        {
            return codec.IsEncapsulated
                ? codec.Decode(_pixelData.ReadEncapsulatedFrame(index), Description, index)
                : codec.Decode(_pixelData.ReadNativeFrames(index, 1), _singleFrame, 0);
        }
        catch (DicomException error)
        {
            throw new PixelDataException($"Frame {index + 1} cannot be read: {error.Message}", error);
        }
    }

    /// <summary>
    /// How the data set says to display its frames: modality LUT (sequence or rescale), the chosen VOI (window
    /// <paramref name="windowIndex"/>, or the first VOI LUT), palette and presentation shape. A window given by the
    /// caller replaces the stored ones.
    /// </summary>
    public RenderOptions CreateRenderOptions(VoiWindow? window = null, int windowIndex = 0)
    {
        var signed = Description.IsSigned;
        var options = RenderOptions.Default with { Modality = ModalityTransformOf(_dataset, signed) };
        if (window is not null)
        {
            options = options with { Window = window };
        }
        else if (_dataset.ValueCount(DicomTags.WindowCenter) > 0 && _dataset.ValueCount(DicomTags.WindowWidth) > 0)
        {
            var centers = _dataset.GetDoubles(DicomTags.WindowCenter);
            var widths = _dataset.GetDoubles(DicomTags.WindowWidth);
            var pairs = Math.Min(centers.Length, widths.Length);
            options = options with
            {
                Window = VoiWindow.Select(centers[..pairs], widths[..pairs], _dataset.GetString(DicomTags.VOILUTFunction), Math.Min(windowIndex, pairs - 1)),
            };
        }
        else if (_dataset.GetItems(DicomTags.VOILUTSequence) is [var voi, ..])
        {
            options = options with { VoiLookupTable = TableOf(voi, signed && options.Modality == ModalityTransform.Identity) };
        }

        if (Description.PhotometricInterpretation == PhotometricInterpretation.PaletteColor)
        {
            options = options with { Palette = PaletteOf(_dataset, signed) };
        }

        return _dataset.GetString(DicomTags.PresentationLUTShape)?.Trim() switch
        {
            "INVERSE" => options with { PresentationShape = PresentationLutShape.Inverse },
            "IDENTITY" => options with { PresentationShape = PresentationLutShape.Identity },
            _ => options,
        };
    }

    private static ModalityTransform ModalityTransformOf(DicomDataset dataset, bool signed)
    {
        if (dataset.GetItems(DicomTags.ModalityLUTSequence) is [var lut, ..])
        {
            return ModalityTransform.FromTable(TableOf(lut, signed));
        }

        return dataset.Contains(DicomTags.RescaleSlope) || dataset.Contains(DicomTags.RescaleIntercept)
            ? ModalityTransform.Rescale(
                dataset.ValueCount(DicomTags.RescaleSlope) > 0 ? dataset.GetDouble(DicomTags.RescaleSlope) : 1,
                dataset.ValueCount(DicomTags.RescaleIntercept) > 0 ? dataset.GetDouble(DicomTags.RescaleIntercept) : 0)
            : ModalityTransform.Identity;
    }

    private static LookupTable TableOf(DicomDataset item, bool signedInput) =>
        LookupTable.FromDescriptor(item.GetInt32s(DicomTags.LUTDescriptor), item.GetBytes(DicomTags.LUTData).Span, signedInput);

    private static PaletteColorLut PaletteOf(DicomDataset dataset, bool signed)
    {
        int[] Descriptor(DicomTag tag) => dataset.GetInt32s(tag);
        ReadOnlySpan<byte> Data(DicomTag tag) => dataset.GetBytes(tag).Span;

        return dataset.Contains(DicomTags.SegmentedRedPaletteColorLookupTableData)
            ? PaletteColorLut.FromSegmented(
                Descriptor(DicomTags.RedPaletteColorLookupTableDescriptor), Data(DicomTags.SegmentedRedPaletteColorLookupTableData),
                Descriptor(DicomTags.GreenPaletteColorLookupTableDescriptor), Data(DicomTags.SegmentedGreenPaletteColorLookupTableData),
                Descriptor(DicomTags.BluePaletteColorLookupTableDescriptor), Data(DicomTags.SegmentedBluePaletteColorLookupTableData),
                signed)
            : PaletteColorLut.FromDescriptors(
                Descriptor(DicomTags.RedPaletteColorLookupTableDescriptor), Data(DicomTags.RedPaletteColorLookupTableData),
                Descriptor(DicomTags.GreenPaletteColorLookupTableDescriptor), Data(DicomTags.GreenPaletteColorLookupTableData),
                Descriptor(DicomTags.BluePaletteColorLookupTableDescriptor), Data(DicomTags.BluePaletteColorLookupTableData),
                signed);
    }

    private static int Required(DicomDataset dataset, DicomTag tag, string name) =>
        Optional(dataset, tag) ?? throw new PixelDataException($"{name} is missing.");

    private static int? Optional(DicomDataset dataset, DicomTag tag) =>
        dataset.ValueCount(tag) > 0 && dataset.TryGetInt32(tag, out var value) ? value : null;

    private static PixelDataDescription WithFrames(PixelDataDescription d, int frames) =>
        new(d.Rows, d.Columns, d.BitsAllocated, d.BitsStored, d.HighBit, d.PixelRepresentation, d.SamplesPerPixel,
            d.PhotometricInterpretation, d.PlanarConfiguration, frames);
}
