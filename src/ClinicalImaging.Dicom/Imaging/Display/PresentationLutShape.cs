namespace ClinicalImaging.Dicom.Imaging.Display;

/// <summary>Presentation LUT Shape (2050,0020): the last grayscale stage before display.</summary>
public enum PresentationLutShape
{
    /// <summary>Output as is: higher values are brighter.</summary>
    Identity,

    /// <summary>Output inverted, as MONOCHROME1 requires (higher values are darker).</summary>
    Inverse,
}
