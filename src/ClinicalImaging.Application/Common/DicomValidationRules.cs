using ClinicalImaging.Domain.Studies;
using FluentValidation;

namespace ClinicalImaging.Application.Common;

/// <summary>FluentValidation rules for DICOM value formats, shared by every validator that accepts them.</summary>
public static class DicomValidationRules
{
    /// <summary>A well-formed UID (PS3.5 §9.1); the message says exactly what is wrong with it.</summary>
    public static IRuleBuilderOptionsConditions<T, string> MustBeDicomUid<T>(this IRuleBuilder<T, string> rule, string attributeName) =>
        rule.Custom((value, context) =>
        {
            if (!DicomUid.TryParse(value, out _, out var problem))
            {
                context.AddFailure(context.PropertyPath, $"{attributeName} {problem}");
            }
        });

    /// <summary>A Code String (CS) value: upper-case letters, digits, space and underscore, at most 16 characters.</summary>
    public static IRuleBuilderOptions<T, string?> MustBeCodeString<T>(this IRuleBuilder<T, string?> rule, string attributeName) =>
        rule.Must(value => value is null || (value.Length <= 16 && value.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is ' ' or '_')))
            .WithMessage($"{attributeName} must be a DICOM code string: upper-case letters, digits, space or underscore, at most 16 characters");

    /// <summary>A DICOM tag written as 8 hexadecimal digits, as DICOM JSON keys are (e.g. 0020000D).</summary>
    public static bool IsTagKey(string? value) =>
        value is { Length: 8 } && value.All(char.IsAsciiHexDigit);
}
