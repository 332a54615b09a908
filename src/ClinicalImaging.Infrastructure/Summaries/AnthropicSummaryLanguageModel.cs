using System.Net.Http.Json;
using System.Text.Json.Serialization;
using ClinicalImaging.Application.Summaries;

namespace ClinicalImaging.Infrastructure.Summaries;

/// <summary>
/// Summaries written by a model behind the Anthropic Messages API (<c>POST /v1/messages</c>). The caller bounds the
/// time; errors become <see cref="SummaryLanguageModelException"/> naming the HTTP status and the provider's error type.
/// </summary>
public sealed class AnthropicSummaryLanguageModel(HttpClient http, LanguageModelOptions options) : ISummaryLanguageModel
{
    private const string ApiVersion = "2023-06-01";

    public string Name => $"{LanguageModelOptions.AnthropicProvider}:{options.Model}";

    public async Task<string> SummariseAsync(string instructions, string analysisJson, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseUrl, "v1/messages"))
        {
            Content = JsonContent.Create(new MessagesRequest(
                options.Model,
                options.MaxTokens,
                instructions,
                [new Message("user", $"Summarise this DICOM object from its analysis:\n{analysisJson}")])),
        };
        request.Headers.Add("x-api-key", options.ApiKey);
        request.Headers.Add("anthropic-version", ApiVersion);

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ReadOrDefaultAsync<ErrorResponse>(response, cancellationToken).ConfigureAwait(false);
            throw new SummaryLanguageModelException($"HTTP {(int)response.StatusCode}{(error?.Error?.Type is { } type ? $" ({type})" : string.Empty)}");
        }

        var answer = await ReadOrDefaultAsync<MessagesResponse>(response, cancellationToken).ConfigureAwait(false);
        var text = string.Concat(answer?.Content?.Where(c => c.Type == "text").Select(c => c.Text) ?? []);
        return text.Length > 0 ? text : throw new SummaryLanguageModelException("the response held no text content");
    }

    private static async Task<T?> ReadOrDefaultAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            return default;
        }
    }

    private sealed record MessagesRequest(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("max_tokens")] int MaxTokens,
        [property: JsonPropertyName("system")] string System,
        [property: JsonPropertyName("messages")] IReadOnlyList<Message> Messages);

    private sealed record Message([property: JsonPropertyName("role")] string Role, [property: JsonPropertyName("content")] string Content);

    private sealed record MessagesResponse([property: JsonPropertyName("content")] IReadOnlyList<ContentBlock>? Content);

    private sealed record ContentBlock([property: JsonPropertyName("type")] string? Type, [property: JsonPropertyName("text")] string? Text);

    private sealed record ErrorResponse([property: JsonPropertyName("error")] ErrorDetail? Error);

    private sealed record ErrorDetail([property: JsonPropertyName("type")] string? Type);
}
