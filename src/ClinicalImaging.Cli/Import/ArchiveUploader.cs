using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClinicalImaging.Cli.Import;

/// <summary>The server refused the caller's credentials: nothing else will succeed, so the import stops.</summary>
public sealed class ImportRefusedException(string message) : InvalidOperationException(message);

/// <summary>
/// Sends one batch of files as one multipart request to <c>POST /api/v1/images/upload</c> and reads the per-file outcome.
/// Transient trouble (connection failures, timeouts, 429, 5xx) is retried with exponential backoff; the archive is
/// idempotent (the same bytes again are "already stored"), so a retry never duplicates anything.
/// </summary>
public sealed class ArchiveUploader(HttpClient http, int maxAttempts, TimeSpan firstRetryDelay)
{
    public const string UploadPath = "api/v1/images/upload";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// One result per file, in order. Throws <see cref="ImportRefusedException"/> on 401/403, and
    /// <see cref="HttpRequestException"/> when the server stayed unreachable or failing through every attempt.
    /// </summary>
    public async Task<IReadOnlyList<ImportResult>> UploadAsync(IReadOnlyList<ImportFile> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter;
            try
            {
                using var content = Multipart(batch);
                using var response = await http.PostAsync(UploadPath, content, cancellationToken);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.Conflict:
                        return await ResultsAsync(batch, response, cancellationToken);
                    case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                        throw new ImportRefusedException(
                            $"the server refused the upload ({(int)response.StatusCode} {response.StatusCode}): {await ArchiveProblem.DescribeAsync(response, cancellationToken)}; " +
                            "check --token/--api-key (the caller needs the imaging.write access: admin or technologist)");
                    case HttpStatusCode.RequestEntityTooLarge when batch.Count > 1:
                        // Split until each request fits; a single file too large fails alone.
                        var half = batch.Count / 2;
                        return [.. await UploadAsync(batch.Take(half).ToList(), cancellationToken), .. await UploadAsync(batch.Skip(half).ToList(), cancellationToken)];
                    case HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError when attempt < maxAttempts:
                        retryAfter = response.Headers.RetryAfter?.Delta;
                        break;
                    case HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError:
                        throw new HttpRequestException($"the server kept failing: {(int)response.StatusCode} {await ArchiveProblem.DescribeAsync(response, cancellationToken)}");
                    default:
                        var reason = $"refused: {(int)response.StatusCode} {await ArchiveProblem.DescribeAsync(response, cancellationToken)}";
                        return batch.Select(f => new ImportResult(f, ImportOutcome.Failed, reason)).ToList();
                }
            }
            catch (HttpRequestException) when (attempt < maxAttempts)
            {
                retryAfter = null;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < maxAttempts)
            {
                retryAfter = null; // HttpClient's timeout
            }
            catch (TaskCanceledException timeout) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HttpRequestException($"the server did not answer within {http.Timeout}", timeout);
            }

            var backoff = firstRetryDelay * Math.Pow(2, attempt - 1) * (1 + (Random.Shared.NextDouble() * 0.2));
            await Task.Delay(retryAfter is { } wait && wait > backoff ? wait : backoff, cancellationToken);
        }
    }

    private static MultipartFormDataContent Multipart(IReadOnlyList<ImportFile> batch)
    {
        var content = new MultipartFormDataContent();
        foreach (var file in batch)
        {
            var part = new StreamContent(new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            content.Add(part, "files", file.RelativePath);
        }

        return content;
    }

    private static async Task<IReadOnlyList<ImportResult>> ResultsAsync(IReadOnlyList<ImportFile> batch, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var reply = await response.Content.ReadFromJsonAsync<UploadReply>(Json, cancellationToken);
        if (reply?.Files is not { } files || files.Count != batch.Count)
        {
            throw new HttpRequestException($"the server's upload response lists {reply?.Files?.Count ?? 0} files for the {batch.Count} sent");
        }

        return batch.Zip(files, (file, outcome) => outcome.Outcome switch
        {
            UploadOutcome.Stored => new ImportResult(file, ImportOutcome.Stored),
            UploadOutcome.AlreadyStored => new ImportResult(file, ImportOutcome.Duplicate),
            _ => new ImportResult(file, ImportOutcome.Failed, $"{outcome.FailureReason} {outcome.Message}".Trim()),
        }).ToList();
    }

    /// <summary>The upload endpoint's answer (the API's UploadResponse), as much of it as the import reads.</summary>
    private sealed record UploadReply(IReadOnlyList<UploadedFileReply>? Files);

    private sealed record UploadedFileReply(UploadOutcome Outcome, string? FailureReason, string? Message);

    private enum UploadOutcome
    {
        Stored,
        AlreadyStored,
        Failed,
    }
}
