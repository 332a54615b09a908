namespace ClinicalImaging.Infrastructure.Summaries;

/// <summary>The summary language model's provider (configuration section <c>Summaries:LanguageModel</c>); none unless configured.</summary>
public sealed class LanguageModelOptions
{
    public const string Section = "Summaries:LanguageModel";

    public const string AnthropicProvider = "anthropic";

    /// <summary><c>none</c> (the default: local summaries only) or <c>anthropic</c> (the Messages API).</summary>
    public string Provider { get; set; } = "none";

    public Uri BaseUrl { get; set; } = new("https://api.anthropic.com/");

    /// <summary>The provider's API key; from a secret store or the environment (Summaries__LanguageModel__ApiKey), never from a file in the repository.</summary>
    public string? ApiKey { get; set; }

    public string Model { get; set; } = "claude-sonnet-4-5";

    public int MaxTokens { get; set; } = 400;
}
