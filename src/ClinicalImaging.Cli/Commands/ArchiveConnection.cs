using System.CommandLine;
using System.Net.Http.Headers;

namespace ClinicalImaging.Cli.Commands;

/// <summary>The options every command that talks to a running archive shares: its URL and the caller's credentials.</summary>
internal sealed class ArchiveConnection
{
    public const string TokenVariable = "CLINIMG_TOKEN";
    public const string ApiKeyVariable = "CLINIMG_API_KEY";

    /// <param name="access">What the caller needs, for the help text (e.g. "imaging.write").</param>
    public ArchiveConnection(string access)
    {
        Token = new Option<string?>("--token") { Description = $"Bearer token (default: ${TokenVariable}); the caller needs {access}" };
    }

    public Option<string> Server { get; } = new("--server") { Description = "The archive's base URL, e.g. https://imaging.example.org", Required = true };

    public Option<string?> Token { get; }

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = $"API key instead of a token (default: ${ApiKeyVariable})" };

    public IEnumerable<Option> Options => [Server, Token, ApiKey];

    public Uri BaseAddress(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var url = parse.GetValue(Server)!;
        return Uri.TryCreate(url, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
            ? address
            : throw new InvalidOperationException($"--server must be an absolute http or https URL, not '{url}'");
    }

    /// <summary>Credentials from the options or the environment (preferred: the command line is visible to other users).</summary>
    public HttpClient CreateClient(ParseResult parse, TimeSpan timeout)
    {
        var server = BaseAddress(parse);
        var token = parse.GetValue(Token) ?? (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null);
        var apiKey = parse.GetValue(ApiKey) ?? (Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } keyFromEnvironment ? keyFromEnvironment : null);
        if (token is not null && apiKey is not null)
        {
            throw new InvalidOperationException("give a token or an API key, not both");
        }

        if (token is null && apiKey is null)
        {
            throw new InvalidOperationException($"no credentials: pass --token or --api-key, or set ${TokenVariable} or ${ApiKeyVariable}");
        }

        var http = new HttpClient { BaseAddress = new Uri(server.AbsoluteUri.TrimEnd('/') + "/"), Timeout = timeout };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return http;
    }
}
