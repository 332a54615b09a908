using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Inference;

/// <summary>The argument checks the inference aggregate repeats, each with a message naming the value.</summary>
internal static class Require
{
    public static void Text(string? value, string what, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DomainException($"{what} is missing");
        }

        if (value.Length > maxLength)
        {
            throw new DomainException($"{what} is {value.Length} characters long; at most {maxLength} are allowed");
        }
    }

    public static void Probability(float value, string what)
    {
        if (!(value is >= 0f and <= 1f))
        {
            throw new DomainException($"{what} is {value}; a probability lies in 0..1");
        }
    }
}
