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

    /// <summary>
    /// A Long String (LO, PS3.5 §6.2) such as a Patient ID: at most 64 characters, no backslash (the value delimiter) and
    /// no control characters, and no leading or trailing space (DICOM pads with spaces, so such a value could never
    /// equal what objects carry). The message names the attribute, never the value (it may be patient data).
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string?> MustBeLongString<T>(this IRuleBuilder<T, string?> rule, string attributeName) =>
        rule.Custom((value, context) =>
        {
            if (value is null)
            {
                return;
            }

            var problem = value.Length > LongStringMaxLength ? $"is {value.Length} characters long; at most {LongStringMaxLength} are allowed"
                : HasForbiddenCharacter(value) ? "must not contain a backslash or control characters"
                : value.Length > 0 && (value[0] == ' ' || value[^1] == ' ') ? "must not start or end with a space"
                : null;
            if (problem is not null)
            {
                context.AddFailure(context.PropertyPath, $"{attributeName} {problem}");
            }
        });

    /// <summary>
    /// A Person Name (PN, PS3.5 §6.2): at most three component groups (alphabetic=ideographic=phonetic), each at most
    /// 64 characters of at most five components separated by ^; no backslash or control characters.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string?> MustBePersonName<T>(this IRuleBuilder<T, string?> rule, string attributeName) =>
        rule.Custom((value, context) =>
        {
            if (value is null)
            {
                return;
            }

            var groups = value.Split('=');
            var problem = string.IsNullOrWhiteSpace(value) ? "must not be blank (leave it out when unknown)"
                : HasForbiddenCharacter(value) ? "must not contain a backslash or control characters"
                : groups.Length > 3 ? "has more than three component groups (alphabetic=ideographic=phonetic)"
                : groups.Any(g => g.Length > LongStringMaxLength) ? $"has a component group longer than {LongStringMaxLength} characters"
                : groups.Any(g => g.Count(c => c == '^') > 4) ? "has more than five components (family^given^middle^prefix^suffix)"
                : null;
            if (problem is not null)
            {
                context.AddFailure(context.PropertyPath, $"{attributeName} {problem}");
            }
        });

    private const int LongStringMaxLength = 64;

    private static bool HasForbiddenCharacter(string value) => value.Any(c => c == '\\' || char.IsControl(c));

    /// <summary>A DICOM tag written as 8 hexadecimal digits, as DICOM JSON keys are (e.g. 0020000D).</summary>
    public static bool IsTagKey(string? value) =>
        value is { Length: 8 } && value.All(char.IsAsciiHexDigit);
}
