namespace ClinicalImaging.Application.Fhir;

/// <summary>Settings of the FHIR facade (configuration section <c>Fhir</c>).</summary>
public sealed class FhirOptions
{
    public const string Section = "Fhir";

    /// <summary>
    /// The time zone (IANA or Windows id) of the modalities' local DICOM dates and times. FHIR dateTimes with a time
    /// must carry an offset, which DICOM DA/TM values lack.
    /// </summary>
    public string DicomTimeZone { get; set; } = "UTC";

    public const int DefaultPageSize = 20;

    public const int MaxPageSize = 100;
}
