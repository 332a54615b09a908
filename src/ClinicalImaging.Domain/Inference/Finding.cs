using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Inference;

/// <summary>What a finding says, before it is attached to its result.</summary>
/// <param name="Label">The model's class label, e.g. <c>pneumothorax</c>.</param>
/// <param name="Confidence">The model's probability for the label (0..1).</param>
/// <param name="Threshold">The model's decision threshold for the label.</param>
/// <param name="Severity">The triage priority the rules give this label at this confidence.</param>
/// <param name="LocationDescription">Where, in words ("upper left of the image"); null when the model cannot localise it.</param>
/// <param name="Location">Where, in original image pixels; null when the model cannot localise it.</param>
/// <param name="Recommendation">What the reader should do, e.g. "Radiologist review recommended".</param>
public sealed record FindingDescription(
    string Label,
    float Confidence,
    double Threshold,
    TriagePriority Severity,
    string? LocationDescription,
    ImageRegion? Location,
    string Recommendation);

/// <summary>One statement a radiologist can read off an inference result: a label, how sure, where, how serious, what to do.</summary>
public sealed class Finding : Entity
{
    public const int MaxLabelLength = 128;
    public const int MaxLocationDescriptionLength = 256;
    public const int MaxRecommendationLength = 256;

    private Finding(Guid inferenceResultKey, int ordinal, string label, string recommendation)
    {
        InferenceResultKey = inferenceResultKey;
        Ordinal = ordinal;
        Label = label;
        Recommendation = recommendation;
    }

    public Guid InferenceResultKey { get; private set; }

    /// <summary>Position in the result's list, most severe and most confident first.</summary>
    public int Ordinal { get; private set; }

    public string Label { get; private set; }

    public float Confidence { get; private set; }

    public double Threshold { get; private set; }

    public TriagePriority Severity { get; private set; }

    public string? LocationDescription { get; private set; }

    public ImageRegion? Location { get; private set; }

    public string Recommendation { get; private set; }

    internal static Finding Create(InferenceResult result, int ordinal, FindingDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        Require.Text(description.Label, "A finding's label", MaxLabelLength);
        Require.Text(description.Recommendation, "A finding's recommendation", MaxRecommendationLength);
        Require.Probability(description.Confidence, $"The confidence of finding '{description.Label}'");
        if (description.LocationDescription is { Length: > MaxLocationDescriptionLength })
        {
            throw new DomainException($"The location of finding '{description.Label}' is {description.LocationDescription.Length} characters long; at most {MaxLocationDescriptionLength} are allowed");
        }

        return new Finding(result.Id, ordinal, description.Label, description.Recommendation)
        {
            Confidence = description.Confidence,
            Threshold = description.Threshold,
            Severity = description.Severity,
            LocationDescription = description.LocationDescription,
            Location = description.Location,
        };
    }
}
