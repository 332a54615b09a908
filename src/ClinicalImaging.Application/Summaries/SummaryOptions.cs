namespace ClinicalImaging.Application.Summaries;

/// <summary>How summaries use a language model (configuration section <c>Summaries</c>); the provider itself is configured under <c>Summaries:LanguageModel</c>.</summary>
public sealed class SummaryOptions
{
    public const string Section = "Summaries";

    /// <summary>How long to wait for the language model before answering with the local summary.</summary>
    public TimeSpan LanguageModelTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// False (the default): the model gets a de-identified analysis — no dates, institution, station or free-text
    /// descriptions, ages above 89 as "90 or more". True sends the whole analysis (which never holds names or IDs).
    /// </summary>
    public bool SendIdentifiableDetails { get; set; }
}
