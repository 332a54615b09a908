using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ClinicalImaging.IntegrationTests.Api;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Telemetry;

public sealed class OtlpTraceExportTests
{
    [Fact]
    public async Task Use_case_and_server_spans_reach_an_OTLP_endpoint_when_one_is_configured()
    {
        using var collector = new OtlpHttpCollector();
        var api = new OtlpApiFactory(collector.TracesEndpoint);
        await ((Xunit.IAsyncLifetime)api).InitializeAsync();
        try
        {
            var client = api.CreateClientFor("radiologist");
            // The server span ends just after the client has its response; wait for that before stopping the host.
            // Registered after the host's tracer provider, this listener hears of the span's end after the exporter does.
            var traceId = ActivityTraceId.CreateRandom();
            var serverSpanEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
                ActivityStopped = activity =>
                {
                    if (activity.TraceId == traceId)
                    {
                        serverSpanEnded.TrySetResult();
                    }
                },
            };
            ActivitySource.AddActivityListener(listener);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/studies/1.2.3.999");
            request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

            await client.SendAsync(request);
            await serverSpanEnded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            // Stopping the host disposes the tracer provider, which flushes the batched spans.
            await ((Xunit.IAsyncLifetime)api).DisposeAsync();
        }

        var exported = string.Join('\n', collector.Bodies.Select(Encoding.UTF8.GetString));
        Assert.Contains("GetStudyQuery", exported, StringComparison.Ordinal);
        Assert.Contains("GET /api/v1/studies/{studyUid}", exported, StringComparison.Ordinal);
        Assert.Contains("clinicalimaging-test", exported, StringComparison.Ordinal);
        Assert.DoesNotContain("1.2.3.999", exported, StringComparison.Ordinal);
    }

    private sealed class OtlpApiFactory(Uri tracesEndpoint) : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Telemetry:OtlpEndpoint", tracesEndpoint.ToString());
            builder.UseSetting("Telemetry:OtlpProtocol", "http/protobuf");
            builder.UseSetting("Telemetry:ServiceName", "clinicalimaging-test");
        }
    }

    /// <summary>The smallest OTLP/HTTP receiver: accepts every POST to /v1/traces and keeps its protobuf body.</summary>
    private sealed class OtlpHttpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public OtlpHttpCollector()
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            TracesEndpoint = new Uri($"http://127.0.0.1:{port}/v1/traces");
            _loop = Task.Run(ReceiveAsync);
        }

        public Uri TracesEndpoint { get; }

        public ConcurrentQueue<byte[]> Bodies { get; } = new();

        private async Task ReceiveAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.Url?.AbsolutePath == "/v1/traces")
                {
                    Bodies.Enqueue(body.ToArray());
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
