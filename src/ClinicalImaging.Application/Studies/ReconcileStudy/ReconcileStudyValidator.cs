using System.Globalization;
using System.Linq.Expressions;
using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.Studies.ReconcileStudy;

/// <summary>Errors are keyed by the JSON field and never quote a value (they are patient data).</summary>
public sealed class ReconcileStudyValidator : AbstractValidator<ReconcileStudyCommand>
{
    public ReconcileStudyValidator(TimeProvider time)
    {
        Field(c => c.StudyInstanceUid, "studyUid").MustBeDicomUid("StudyInstanceUID");
        RuleFor(c => c.PatientId).Must(id => !string.IsNullOrWhiteSpace(id)).OverridePropertyName("patientId")
            .WithMessage("patientId is required: the Patient ID (0010,0020) of the patient the study belongs to");
        Field(c => c.PatientId, "patientId").MustBeLongString("patientId").When(c => !string.IsNullOrWhiteSpace(c.PatientId));
        Field(c => c.IssuerOfPatientId, "issuerOfPatientId").MustBeLongString("issuerOfPatientId");
        Field(c => c.PatientName, "patientName").MustBePersonName("patientName");
        RuleFor(c => c.BirthDate)
            .Must(date => date is null || (TryParseBirthDate(date, out var parsed) && parsed <= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)))
            .OverridePropertyName("birthDate")
            .WithMessage("birthDate must be a date in the past written YYYY-MM-DD");
        RuleFor(c => c.Sex).Must(sex => sex is null or "M" or "F" or "O").OverridePropertyName("sex")
            .WithMessage("sex must be M, F or O (DICOM Patient's Sex)");
    }

    /// <summary>A rule whose failures are keyed by the request's field name, as the client wrote it.</summary>
    private IRuleBuilderInitial<ReconcileStudyCommand, TProperty> Field<TProperty>(Expression<Func<ReconcileStudyCommand, TProperty>> property, string name) =>
        RuleFor(property).Configure(rule => rule.PropertyName = name);

    private static bool TryParseBirthDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, ReconcileStudyCommand.BirthDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
