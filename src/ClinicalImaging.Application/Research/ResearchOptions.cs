using ClinicalImaging.Dicom.DeIdentification;

namespace ClinicalImaging.Application.Research;

/// <summary>
/// The research role's de-identified view (<c>Research</c> section, docs/security.md). Without <see cref="PseudonymKey"/>
/// the research routes answer 503: nothing is served to research unless this deployment chose its keys and profile.
/// </summary>
public sealed class ResearchOptions
{
    public const string Section = "Research";

    /// <summary>
    /// Secret (base64, at least 256 bits) for pseudonymous UIDs and patient IDs. One key is one research project: the same
    /// key gives the same pseudonyms in every response and every run; another key gives unlinkable ones.
    /// </summary>
    public string? PseudonymKey { get; set; }

    /// <summary>Secret (base64, at least 256 bits) for each patient's date offset; required when the profile shifts dates.</summary>
    public string? DateShiftKey { get; set; }

    /// <summary>PS3.15 Annex E options on top of the Basic Profile, as the study protocol allows.</summary>
    public DeidentificationOptions ProfileOptions { get; set; } =
        DeidentificationOptions.RetainLongitudinalTemporalInformationWithModifiedDates
        | DeidentificationOptions.RetainPatientCharacteristics
        | DeidentificationOptions.CleanDescriptors;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(PseudonymKey);
}
