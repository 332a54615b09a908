using System.Text.Json;

namespace ClinicalImaging.Cli;

/// <summary>What an archive's error answer (RFC 9457 problem details) says, as one line for the terminal.</summary>
internal static class ArchiveProblem
{
    /// <summary>The detail (or title), then the reason code and each invalid field's messages when the problem carries them.</summary>
    public static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("detail", out var detail) || root.TryGetProperty("title", out detail)))
            {
                var text = detail.GetString() ?? response.ReasonPhrase ?? "";
                if (root.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String)
                {
                    text += $" ({reason.GetString()})";
                }

                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                {
                    text += string.Concat(errors.EnumerateObject().SelectMany(field => field.Value.EnumerateArray().Select(message => $"; {message.GetString()}")));
                }

                return text;
            }
        }
        catch (JsonException)
        {
            // Not a problem document: the reason phrase says enough.
        }

        return response.ReasonPhrase ?? "";
    }
}
