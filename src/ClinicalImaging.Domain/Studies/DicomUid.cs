using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Studies;

/// <summary>
/// A DICOM UID (PS3.5 §9.1): at most 64 characters, numeric components separated by dots,
/// no empty component and no leading zero in a multi-digit component. Validated once, at the edge.
/// </summary>
public readonly record struct DicomUid
{
    public const int MaxLength = 64;

    private DicomUid(string value) => Value = value;

    public string Value { get; }

    public static DicomUid Parse(string? value, string attributeName)
    {
        if (TryParse(value, out var uid, out var problem))
        {
            return uid;
        }

        throw new DomainException($"{attributeName} {problem}");
    }

    public static bool TryParse(string? value, out DicomUid uid, out string problem)
    {
        uid = default;
        if (string.IsNullOrEmpty(value))
        {
            problem = "is missing";
            return false;
        }

        if (value.Length > MaxLength)
        {
            problem = $"is {value.Length} characters long; a UID has at most {MaxLength}";
            return false;
        }

        var componentStart = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i < value.Length && value[i] != '.')
            {
                if (!char.IsAsciiDigit(value[i]))
                {
                    problem = $"contains '{value[i]}' at position {i + 1}; a UID holds only digits and dots";
                    return false;
                }

                continue;
            }

            var length = i - componentStart;
            if (length == 0)
            {
                problem = "has an empty component";
                return false;
            }

            if (length > 1 && value[componentStart] == '0')
            {
                problem = $"has a component with a leading zero at position {componentStart + 1}";
                return false;
            }

            componentStart = i + 1;
        }

        uid = new DicomUid(value);
        problem = string.Empty;
        return true;
    }

    public override string ToString() => Value;
}
