using System.Text.RegularExpressions;
using ClinicalImaging.Domain.Studies;
using FluentValidation;

namespace ClinicalImaging.Application.Pacs;

/// <summary>FluentValidation rules for the names the PACS use cases accept.</summary>
public static partial class PacsValidationRules
{
    /// <summary>A study named as <see cref="PacsStudyReference"/> describes.</summary>
    public static IRuleBuilderOptionsConditions<T, string> MustBePacsStudyReference<T>(this IRuleBuilder<T, string> rule) =>
        rule.Custom((value, context) =>
        {
            if (value is null || (!PacsStudyReference.IsPacsId(value) && !DicomUid.TryParse(value, out _, out _)))
            {
                context.AddFailure(context.PropertyPath,
                    "the study must be named by its PACS id (five groups of 8 hexadecimal digits joined by '-') or by its Study Instance UID");
            }
        });

    /// <summary>A remote modality's symbolic name in the PACS's configuration (it becomes part of a URL path).</summary>
    public static IRuleBuilderOptions<T, string> MustBeModalityName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(value => value is not null && ModalityName().IsMatch(value))
            .WithMessage("the modality must be named as the PACS configures it: 1 to 64 letters, digits, '-', '_' or '.'");

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ModalityName();
}
