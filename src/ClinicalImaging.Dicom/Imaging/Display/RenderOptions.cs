namespace ClinicalImaging.Dicom.Imaging.Display;

/// <summary>
/// Everything the display pipeline needs beyond the decoded frame. For grayscale: the modality stage,
/// then a VOI LUT table if given, else a window if given, else an automatic window; then the
/// presentation shape (MONOCHROME1 defaults to inverse). For PALETTE COLOR: the palette.
/// </summary>
public sealed record RenderOptions
{
    public static RenderOptions Default { get; } = new();

    public ModalityTransform Modality { get; init; } = ModalityTransform.Identity;

    /// <summary>The chosen VOI LUT Sequence item; takes precedence over <see cref="Window"/>, like pydicom.</summary>
    public LookupTable? VoiLookupTable { get; init; }

    public VoiWindow? Window { get; init; }

    public AutoWindow AutoWindow { get; init; } = AutoWindow.MinMax;

    /// <summary>Null: inverse for MONOCHROME1, identity otherwise.</summary>
    public PresentationLutShape? PresentationShape { get; init; }

    /// <summary>Required for PALETTE COLOR frames.</summary>
    public PaletteColorLut? Palette { get; init; }
}
