using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.Pacs;

/// <summary>The rules of a study-level PACS query, shared by the PACS search and the C-FIND of a remote modality.</summary>
public sealed class PacsStudyQueryValidator : AbstractValidator<PacsStudyQuery>
{
    // Maximum lengths of the value representations (PS3.5 Table 6.2-1): PN 64 per component group, LO 64, SH 16.
    private const int PersonName = 64;
    private const int LongString = 64;
    private const int ShortString = 16;

    private const string NoControlCharactersMessage = "'{PropertyName}' must not contain control characters or backslashes (DICOM value separators)";

    public PacsStudyQueryValidator()
    {
        RuleFor(q => q.PatientName).MaximumLength(PersonName).Must(NoControlCharacters).WithMessage(NoControlCharactersMessage)
            .OverridePropertyName("patientName");
        RuleFor(q => q.PatientId).MaximumLength(LongString).Must(NoControlCharacters).WithMessage(NoControlCharactersMessage)
            .OverridePropertyName("patientId");
        RuleFor(q => q.AccessionNumber).MaximumLength(ShortString).Must(NoControlCharacters).WithMessage(NoControlCharactersMessage)
            .OverridePropertyName("accessionNumber");
        RuleFor(q => q.Modality).MustBeCodeString("Modality").OverridePropertyName("modality");
        RuleFor(q => q.StudyInstanceUid!).Configure(rule => rule.PropertyName = "studyInstanceUid")
            .MustBeDicomUid("StudyInstanceUID").When(q => q.StudyInstanceUid is not null);
        RuleFor(q => q.StudyDateTo).GreaterThanOrEqualTo(q => q.StudyDateFrom).When(q => q is { StudyDateFrom: not null, StudyDateTo: not null })
            .WithMessage("'studyDateTo' must not be earlier than 'studyDateFrom'").OverridePropertyName("studyDateTo");
        RuleFor(q => q.Limit).InclusiveBetween(1, PacsStudyQuery.MaxLimit).OverridePropertyName("limit");
    }

    private static bool NoControlCharacters(string? value) => value is null || !value.Any(c => char.IsControl(c) || c == '\\');
}
