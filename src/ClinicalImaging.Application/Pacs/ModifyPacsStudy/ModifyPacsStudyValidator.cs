using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Dictionary;
using FluentValidation;

namespace ClinicalImaging.Application.Pacs.ModifyPacsStudy;

public sealed class ModifyPacsStudyValidator : AbstractValidator<ModifyPacsStudyCommand>
{
    public const int MaxAttributes = 64;

    public const int MaxValueLength = 1024;

    /// <summary>The identifiers that tie the copy to the real world; Orthanc changes them only when forced, and so do we not.</summary>
    private static readonly string[] Identifiers = ["PatientID", "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"];

    /// <summary>Sequences and bulk values, which a text replacement cannot express.</summary>
    private static readonly DicomVR[] NotText = [DicomVR.SQ, DicomVR.OB, DicomVR.OD, DicomVR.OF, DicomVR.OL, DicomVR.OV, DicomVR.OW, DicomVR.UN];

    public ModifyPacsStudyValidator()
    {
        RuleFor(c => c.Study).MustBePacsStudyReference();
        RuleFor(c => c.Replace).NotNull().Must(r => r.Count is > 0 and <= MaxAttributes)
            .OverridePropertyName("replace").WithMessage($"replace must name 1 to {MaxAttributes} attributes by DICOM keyword, e.g. {{\"StudyDescription\": \"…\"}}");
        RuleForEach(c => c.Replace).Custom((pair, context) =>
        {
            if (Problem(pair.Key, pair.Value) is { } problem)
            {
                context.AddFailure($"replace.{pair.Key}", problem);
            }
        }).When(c => c.Replace is not null);
    }

    private static string? Problem(string keyword, string? value)
    {
        var entry = DicomDictionary.Lookup(keyword);
        if (entry is null || entry.IsRepeating)
        {
            return $"'{keyword}' is not a DICOM keyword of the data dictionary (PS3.6; keywords are case-sensitive, e.g. StudyDescription)";
        }

        if (Identifiers.Contains(keyword, StringComparer.Ordinal))
        {
            return $"{keyword} is an identifier of the study's place in the real world; it cannot be replaced in a copy";
        }

        if (entry.Tag.Group == 0x0002 || entry.ValueRepresentations.Any(NotText.Contains))
        {
            return $"{keyword} is a file meta, sequence or binary attribute; only text and number attributes can be replaced";
        }

        return value is null || value.Length > MaxValueLength ? $"the value of {keyword} must be a text of at most {MaxValueLength} characters" : null;
    }
}
