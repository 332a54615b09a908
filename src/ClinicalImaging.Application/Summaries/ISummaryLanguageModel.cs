namespace ClinicalImaging.Application.Summaries;

/// <summary>
/// A language model that writes the clinical summary from an analysis (configured in Infrastructure, e.g. the
/// Anthropic Messages API). Optional: without one, or when it fails or is slow, the local summary is used.
/// </summary>
public interface ISummaryLanguageModel
{
    /// <summary>Names the provider and model in responses and metrics (e.g. <c>anthropic:claude-sonnet-4-5</c>); never a secret.</summary>
    string Name { get; }

    /// <param name="instructions">What to write (the system prompt).</param>
    /// <param name="analysisJson">The analysis the summary must be based on, as JSON.</param>
    /// <returns>The summary text.</returns>
    /// <exception cref="SummaryLanguageModelException">The provider answered with an error or an unusable response.</exception>
    Task<string> SummariseAsync(string instructions, string analysisJson, CancellationToken cancellationToken);
}

/// <summary>The language model could not write a summary; the message names the provider's status, never the prompt.</summary>
public sealed class SummaryLanguageModelException(string message, Exception? innerException = null) : Exception(message, innerException);
