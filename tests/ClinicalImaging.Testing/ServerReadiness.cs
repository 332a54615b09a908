using System.Diagnostics;
using System.Net;

namespace ClinicalImaging.Testing;

/// <summary>Waits for a server process that a test started (the API host, Orthanc) to answer its readiness probe.</summary>
public static class ServerReadiness
{
    /// <summary>Returns <paramref name="server"/>, just launched, once it is ready; disposes it (ending its process) when it never is.</summary>
    public static async Task<TServer> ReadyAsync<TServer>(TServer server, Func<TServer, CancellationToken, Task> waitUntilReady, CancellationToken cancellationToken)
        where TServer : IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(waitUntilReady);
        try
        {
            await waitUntilReady(server, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Polls <paramref name="path"/> every 100 ms until it answers 200; refused connections and other answers are polled
    /// again. Fails at once when the process exits, and after <paramref name="timeout"/> otherwise with the last answer;
    /// both failures end with <paramref name="describe"/> (what the process wrote, or where its configuration is).
    /// </summary>
    public static async Task WaitAsync(
        Process process, HttpClient client, string path, TimeSpan timeout, Func<string> describe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(describe);
        var probe = new Uri(client.BaseAddress!, path);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var lastAnswer = "none (not listening yet)";
        try
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{process.StartInfo.FileName} exited with code {process.ExitCode} before {probe} answered 200. {describe()}");
                }

                try
                {
                    using var ready = await client.GetAsync(probe, deadline.Token);
                    if (ready.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }

                    lastAnswer = $"{(int)ready.StatusCode} {await ready.Content.ReadAsStringAsync(deadline.Token)}";
                }
                catch (HttpRequestException error)
                {
                    lastAnswer = $"none ({error.Message})";
                }
                catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
                {
                    lastAnswer = "none (the probe timed out)";
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{probe} did not answer 200 within {timeout.TotalSeconds} s; last answer: {lastAnswer}. {describe()}");
        }
    }
}
