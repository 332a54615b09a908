using System.Text.Json;
using ClinicalImaging.Api.Telemetry;
using ClinicalImaging.IntegrationTests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Telemetry;

public sealed class CorrelationIdTests(CorrelationIdTests.RecordingApiFactory api) : IClassFixture<CorrelationIdTests.RecordingApiFactory>
{
    [Fact]
    public async Task A_valid_incoming_correlation_id_is_echoed_and_carried_by_the_request_s_json_log_lines()
    {
        var response = await SendAsync("/api/v1/studies/1.2.3.999", (CorrelationId.HeaderName, "req-7f3a.42_ok"));

        Assert.Equal("req-7f3a.42_ok", Assert.Single(response.Headers.GetValues(CorrelationId.HeaderName)));
        var failure = Assert.Single(LinesWithCorrelationId("req-7f3a.42_ok"), line => line.GetProperty("EventId").GetInt32() == 1001);
        Assert.Equal("Warning", failure.GetProperty("LogLevel").GetString());
        Assert.Equal("GetStudyQuery", failure.GetProperty("State").GetProperty("RequestType").GetString());
    }

    [Theory]
    [InlineData("has spaces")]
    [InlineData("semi;colon")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65 characters
    public async Task An_invalid_correlation_id_is_replaced_by_a_generated_trace_id(string invalid)
    {
        var response = await SendAsync("/health", (CorrelationId.HeaderName, invalid));

        var echoed = Assert.Single(response.Headers.GetValues(CorrelationId.HeaderName));
        Assert.Matches("^[0-9a-f]{32}$", echoed);
    }

    [Fact]
    public async Task The_trace_id_of_a_W3C_traceparent_becomes_the_correlation_id()
    {
        var response = await SendAsync("/health", ("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

        Assert.Equal("0af7651916cd43dd8448eb211c80319c", Assert.Single(response.Headers.GetValues(CorrelationId.HeaderName)));
    }

    [Fact]
    public async Task Error_responses_carry_the_correlation_id_header_too()
    {
        var response = await SendAsync("/api/v1/studies/1.2.abc", (CorrelationId.HeaderName, "bad-uid-call"));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("bad-uid-call", Assert.Single(response.Headers.GetValues(CorrelationId.HeaderName)));
    }

    [Fact]
    public async Task Log_lines_never_carry_the_request_path_which_can_hold_identifiers()
    {
        await SendAsync("/api/v1/studies/1.2.3.4.5.6.777", (CorrelationId.HeaderName, "path-check"));

        var lines = LinesWithCorrelationId("path-check").ToList();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(api.Recorder.Lines, line => line.GetRawText().Contains("1.2.3.4.5.6.777", StringComparison.Ordinal));
    }

    private async Task<HttpResponseMessage> SendAsync(string path, (string Name, string Value) header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        return await api.CreateClientFor("radiologist").SendAsync(request);
    }

    private IEnumerable<JsonElement> LinesWithCorrelationId(string correlationId) =>
        api.Recorder.Lines.Where(line => line.TryGetProperty("Scopes", out var scopes) && scopes.EnumerateArray().Any(scope =>
            scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("CorrelationId", out var id) && id.GetString() == correlationId));

    /// <summary>The API host with a <see cref="JsonLogRecorder"/> beside its console logger.</summary>
    public sealed class RecordingApiFactory : ApiFactory
    {
        public JsonLogRecorder Recorder => Services.GetServices<ILoggerProvider>().OfType<JsonLogRecorder>().Single();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider, JsonLogRecorder>());
        }
    }
}
