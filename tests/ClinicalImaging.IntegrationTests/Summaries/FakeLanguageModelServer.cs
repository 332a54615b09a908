using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ClinicalImaging.IntegrationTests.Summaries;

/// <summary>
/// A local stand-in for the Anthropic Messages API on a loopback port: it records each request and answers as the
/// test says (text, an error status, or silence past the caller's timeout). Tests never reach the internet.
/// </summary>
public sealed class FakeLanguageModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public FakeLanguageModelServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/messages", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            Requests.Enqueue(new RecordedRequest(request.Headers["x-api-key"].ToString(), request.Headers["anthropic-version"].ToString(), body.RootElement.Clone()));
            var answer = Answer;
            if (answer.Delay > TimeSpan.Zero)
            {
                await Task.Delay(answer.Delay, request.HttpContext.RequestAborted);
            }

            return answer.Status == StatusCodes.Status200OK
                ? Results.Json(new { id = "msg_test", type = "message", role = "assistant", content = new[] { new { type = "text", text = answer.Text } } })
                : Results.Json(new { type = "error", error = new { type = "overloaded_error", message = "try later" } }, statusCode: answer.Status);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        Address = new Uri(_app.Urls.First() + "/");
    }

    public Uri Address { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>How the next requests are answered.</summary>
    public FakeAnswer Answer { get; set; } = new("A CT image of the chest.", StatusCodes.Status200OK, TimeSpan.Zero);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record RecordedRequest(string ApiKey, string ApiVersion, JsonElement Body);

    public sealed record FakeAnswer(string Text, int Status, TimeSpan Delay);
}
