using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Pacs;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Infrastructure.Orthanc;

/// <summary>
/// <see cref="IPacsClient"/> over Orthanc's REST API: a typed <see cref="HttpClient"/> whose base address and Basic
/// credentials come from <see cref="OrthancOptions"/> (see <see cref="OrthancServiceCollectionExtensions"/>), retries from
/// <see cref="OrthancRetryHandler"/>, and a deadline per call. Failures become <see cref="PacsException"/> with a message
/// naming Orthanc and the operation, never the request body (which may hold patient data).
/// </summary>
public sealed class OrthancPacsClient(HttpClient http, IOptions<OrthancOptions> options) : IPacsClient
{
    private const string StudyLevel = "Study";
    private const string DicomDateFormat = "yyyyMMdd";

    // The study-level keys a C-FIND asks the remote modality to return.
    private static readonly string[] QueryReturnKeys =
        ["StudyInstanceUID", "StudyDate", "StudyDescription", "AccessionNumber", "ModalitiesInStudy", "PatientID", "PatientName"];

    public string Source => options.Value.BaseUrl?.AbsoluteUri ?? "(no Orthanc configured)";

    public async Task<PacsSystemInfo> GetSystemAsync(CancellationToken cancellationToken)
    {
        var system = await GetAsync("system", OrthancJsonContext.Default.OrthancSystem, "the status request", cancellationToken).ConfigureAwait(false)
            ?? throw Unexpected("the status request");
        return new PacsSystemInfo(system.Name, system.Version, system.DicomAet, system.DicomPort, system.ApiVersion);
    }

    public async Task<IReadOnlyList<PacsStudy>> FindStudiesAsync(PacsStudyQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var body = new OrthancFindRequest(StudyLevel, Filters(query), Expand: true, CaseSensitive: false, query.Limit);
        var studies = await PostAsync("tools/find", JsonContent.Create(body, OrthancJsonContext.Default.OrthancFindRequest), idempotent: true,
            OrthancJsonContext.Default.OrthancStudyArray, "the study search", null, cancellationToken).ConfigureAwait(false);
        return studies?.Select(ToStudy).ToList() ?? throw Unexpected("the study search");
    }

    public async Task<string?> FindStudyIdAsync(string studyInstanceUid, CancellationToken cancellationToken)
    {
        var matches = await PostAsync("tools/lookup", new StringContent(studyInstanceUid, Encoding.ASCII, "text/plain"), idempotent: true,
            OrthancJsonContext.Default.OrthancResourceArray, "the study lookup", null, cancellationToken).ConfigureAwait(false);
        return matches?.FirstOrDefault(m => m.Type == StudyLevel)?.Id;
    }

    public async Task<PacsStudy?> GetStudyAsync(string studyId, CancellationToken cancellationToken)
    {
        var study = await GetAsync($"studies/{Escape(studyId)}", OrthancJsonContext.Default.OrthancStudy, "the study request", cancellationToken)
            .ConfigureAwait(false);
        return study is null ? null : ToStudy(study);
    }

    public async Task<IReadOnlyList<PacsSeries>> GetStudySeriesAsync(string studyId, CancellationToken cancellationToken)
    {
        var series = await GetAsync($"studies/{Escape(studyId)}/series", OrthancJsonContext.Default.OrthancSeriesArray, "the series request", cancellationToken)
            .ConfigureAwait(false) ?? throw new NotFoundException("PACS study", studyId);
        return series.Select(s => new PacsSeries(
            s.Id,
            Tag(s.MainDicomTags, "SeriesInstanceUID") ?? string.Empty,
            Tag(s.MainDicomTags, "Modality"),
            int.TryParse(Tag(s.MainDicomTags, "SeriesNumber"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null,
            Tag(s.MainDicomTags, "SeriesDescription"),
            Tag(s.MainDicomTags, "BodyPartExamined"),
            s.Instances.Length)).ToList();
    }

    public async Task<IReadOnlyList<string>> GetStudyInstanceIdsAsync(string studyId, CancellationToken cancellationToken)
    {
        var instances = await GetAsync($"studies/{Escape(studyId)}/instances", OrthancJsonContext.Default.OrthancResourceArray, "the instance list", cancellationToken)
            .ConfigureAwait(false) ?? throw new NotFoundException("PACS study", studyId);
        return instances.Select(i => i.Id).ToList();
    }

    public Task<Stream?> OpenStudyArchiveAsync(string studyId, CancellationToken cancellationToken) =>
        OpenAsync($"studies/{Escape(studyId)}/archive", "the study archive", cancellationToken);

    public async Task<Stream> OpenInstanceFileAsync(string instanceId, CancellationToken cancellationToken) =>
        await OpenAsync($"instances/{Escape(instanceId)}/file", "the instance file", cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundException("PACS instance", instanceId);

    public async Task<PacsUploadResult> UploadInstanceAsync(Stream content, CancellationToken cancellationToken)
    {
        var body = new StreamContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        var upload = await PostAsync("instances", body, idempotent: false, OrthancJsonContext.Default.OrthancUpload, "the instance upload", null, cancellationToken)
            .ConfigureAwait(false) ?? throw Unexpected("the instance upload");
        var status = upload.Status == "AlreadyStored" ? PacsUploadStatus.AlreadyStored : PacsUploadStatus.Stored;
        return new PacsUploadResult(upload.Id, upload.ParentStudy, status);
    }

    public async Task<bool> EchoAsync(string modality, CancellationToken cancellationToken)
    {
        var operation = $"the C-ECHO of modality '{modality}'";
        using var request = Post($"modalities/{Escape(modality)}/echo", JsonContent.Create(new OrthancEchoRequest(), OrthancJsonContext.Default.OrthancEchoRequest), idempotent: true);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, Settings.Timeout, operation, cancellationToken).ConfigureAwait(false);
        // Orthanc answers 500 when the modality does not answer the echo; that is the answer, not a failure of Orthanc.
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            return false;
        }

        await EnsureSuccessAsync(response, operation, ModalityNotFound(modality), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<PacsQueryAnswer>> QueryModalityAsync(string modality, PacsStudyQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var operation = $"the C-FIND of modality '{modality}'";
        var keys = QueryReturnKeys.ToDictionary(k => k, _ => string.Empty, StringComparer.Ordinal);
        foreach (var (key, value) in Filters(query))
        {
            keys[key] = value;
        }

        var created = await PostAsync($"modalities/{Escape(modality)}/query",
            JsonContent.Create(new OrthancQueryRequest(StudyLevel, keys), OrthancJsonContext.Default.OrthancQueryRequest), idempotent: true,
            OrthancJsonContext.Default.OrthancResource, operation, ModalityNotFound(modality), cancellationToken).ConfigureAwait(false)
            ?? throw Unexpected(operation);
        var answers = await GetAsync($"queries/{Escape(created.Id)}/answers?expand&simplify", OrthancJsonContext.Default.DictionaryStringJsonElementArray,
            operation, cancellationToken).ConfigureAwait(false) ?? throw Unexpected(operation);
        return answers.Take(query.Limit).Select(a => new PacsQueryAnswer(
            Text(a, "StudyInstanceUID") ?? string.Empty,
            Date(Text(a, "StudyDate")),
            Text(a, "StudyDescription"),
            Text(a, "AccessionNumber"),
            Text(a, "ModalitiesInStudy"),
            Text(a, "PatientID"),
            Text(a, "PatientName"))).ToList();
    }

    public async Task MoveStudyFromModalityAsync(string modality, string studyInstanceUid, CancellationToken cancellationToken)
    {
        var operation = $"the C-MOVE from modality '{modality}'";
        // Synchronous: Orthanc answers when the move has finished. Not retried: a second move would repeat the transfer.
        var body = new OrthancMoveRequest(StudyLevel, [new OrthancStudyKey(studyInstanceUid)], Synchronous: true);
        using var request = Post($"modalities/{Escape(modality)}/move", JsonContent.Create(body, OrthancJsonContext.Default.OrthancMoveRequest), idempotent: false);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, Settings.LongOperationTimeout, operation, cancellationToken)
            .ConfigureAwait(false);
        await EnsureSuccessAsync(response, operation, ModalityNotFound(modality), cancellationToken).ConfigureAwait(false);
    }

    public Task<string> AnonymizeStudyAsync(string studyId, CancellationToken cancellationToken) =>
        CopyStudyAsync(studyId, "anonymize", JsonContent.Create(new OrthancAnonymizeRequest(), OrthancJsonContext.Default.OrthancAnonymizeRequest),
            "the study anonymization", cancellationToken);

    public Task<string> ModifyStudyAsync(string studyId, IReadOnlyDictionary<string, string> replacements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        var body = new OrthancModifyRequest(replacements.ToDictionary(StringComparer.Ordinal));
        return CopyStudyAsync(studyId, "modify", JsonContent.Create(body, OrthancJsonContext.Default.OrthancModifyRequest), "the study modification", cancellationToken);
    }

    public async Task<PacsChangePage> GetChangesAsync(long since, int limit, CancellationToken cancellationToken)
    {
        var page = await GetAsync(string.Create(CultureInfo.InvariantCulture, $"changes?since={since}&limit={limit}"), OrthancJsonContext.Default.OrthancChanges,
            "the change log", cancellationToken).ConfigureAwait(false) ?? throw Unexpected("the change log");
        return new PacsChangePage(page.Changes.Select(c => new PacsChange(c.Sequence, c.ChangeType, c.ResourceType, c.Id)).ToList(), page.Last, page.Done);
    }

    private OrthancOptions Settings => options.Value;

    /// <summary>Anonymize and modify write a new study (new UIDs) and answer with its id; neither is repeated on failure.</summary>
    private async Task<string> CopyStudyAsync(string studyId, string action, HttpContent body, string operation, CancellationToken cancellationToken)
    {
        using var request = Post($"studies/{Escape(studyId)}/{action}", body, idempotent: false);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, Settings.LongOperationTimeout, operation, cancellationToken)
            .ConfigureAwait(false);
        await EnsureSuccessAsync(response, operation, new NotFoundException("PACS study", studyId), cancellationToken).ConfigureAwait(false);
        var copy = await ReadAsync(response, OrthancJsonContext.Default.OrthancResource, operation, cancellationToken).ConfigureAwait(false);
        return copy.Id;
    }

    private static Dictionary<string, string> Filters(PacsStudyQuery query)
    {
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        Add("PatientName", query.PatientName);
        Add("PatientID", query.PatientId);
        Add("AccessionNumber", query.AccessionNumber);
        Add("ModalitiesInStudy", query.Modality);
        Add("StudyInstanceUID", query.StudyInstanceUid);
        if (query.StudyDateFrom is not null || query.StudyDateTo is not null)
        {
            // A DICOM date range (PS3.4 C.2.2.2.5); either end may be open.
            filters["StudyDate"] = $"{query.StudyDateFrom?.ToString(DicomDateFormat, CultureInfo.InvariantCulture)}-{query.StudyDateTo?.ToString(DicomDateFormat, CultureInfo.InvariantCulture)}";
        }

        return filters;

        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                filters[key] = value;
            }
        }
    }

    private static PacsStudy ToStudy(OrthancStudy study) => new(
        study.Id,
        Tag(study.MainDicomTags, "StudyInstanceUID") ?? string.Empty,
        Date(Tag(study.MainDicomTags, "StudyDate")),
        Tag(study.MainDicomTags, "StudyTime"),
        Tag(study.MainDicomTags, "StudyDescription"),
        Tag(study.MainDicomTags, "AccessionNumber"),
        Tag(study.PatientMainDicomTags, "PatientID"),
        Tag(study.PatientMainDicomTags, "PatientName"),
        Date(Tag(study.PatientMainDicomTags, "PatientBirthDate")),
        Tag(study.PatientMainDicomTags, "PatientSex"),
        study.Series.Length,
        study.IsStable);

    private static string? Tag(Dictionary<string, string> tags, string keyword) =>
        tags.TryGetValue(keyword, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static string? Text(Dictionary<string, JsonElement> answer, string keyword) =>
        answer.TryGetValue(keyword, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text.Trim() : null;

    private static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(value, DicomDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static NotFoundException ModalityNotFound(string modality) => new("PACS modality", modality);

    private static HttpRequestMessage Post(string path, HttpContent body, bool idempotent)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        request.Options.Set(OrthancRetryHandler.Idempotent, idempotent);
        return request;
    }

    /// <summary>A JSON resource; null when Orthanc answers 404.</summary>
    private async Task<T?> GetAsync<T>(string path, JsonTypeInfo<T> type, string operation, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await ReadJsonOrNullAsync(request, type, operation, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A JSON answer to a POST; null when Orthanc answers 404 and <paramref name="notFound"/> is null.</summary>
    private async Task<T?> PostAsync<T>(string path, HttpContent body, bool idempotent, JsonTypeInfo<T> type, string operation, Exception? notFound,
        CancellationToken cancellationToken)
        where T : class
    {
        using var request = Post(path, body, idempotent);
        return await ReadJsonOrNullAsync(request, type, operation, notFound, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T?> ReadJsonOrNullAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, string operation, Exception? notFound, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, Settings.Timeout, operation, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && notFound is null)
        {
            return null;
        }

        await EnsureSuccessAsync(response, operation, notFound, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, type, operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A streamed body (archive, file): the deadline covers the wait for Orthanc's answer, not the transfer.</summary>
    private async Task<Stream?> OpenAsync(string path, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Settings.Timeout, operation, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }

        try
        {
            await EnsureSuccessAsync(response, operation, null, cancellationToken).ConfigureAwait(false);
            // Disposing the content stream releases the response and its connection.
            return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, TimeSpan timeout, string operation,
        CancellationToken cancellationToken)
    {
        if (http.BaseAddress is null)
        {
            throw new PacsException(PacsFailure.Unreachable, $"No Orthanc is configured for {operation}: set {OrthancOptions.Section}:BaseUrl");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await http.SendAsync(request, completion, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PacsException(PacsFailure.Unreachable,
                string.Create(CultureInfo.InvariantCulture, $"Orthanc at {Source} did not answer {operation} within {timeout.TotalSeconds:0.#} s"), exception);
        }
        catch (HttpRequestException exception)
        {
            throw new PacsException(PacsFailure.Unreachable, $"Orthanc at {Source} cannot be reached for {operation} ({exception.HttpRequestError})", exception);
        }
    }

    /// <summary>
    /// Throws for any answer but success: 404 as <paramref name="notFound"/> where the operation names a resource, refused
    /// credentials and unavailability as such, anything else with Orthanc's own error name (never its details, which can
    /// quote the request).
    /// </summary>
    private async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, Exception? notFound, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.NotFound && notFound is not null)
        {
            throw notFound;
        }

        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new PacsException(PacsFailure.CredentialsRefused,
                $"Orthanc at {Source} refused this service's credentials for {operation} (HTTP {status}): check {OrthancOptions.Section}:Username and {OrthancOptions.Section}:Password"),
            HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => new PacsException(PacsFailure.Unreachable,
                $"Orthanc at {Source} is unavailable for {operation} (HTTP {status})"),
            _ => new PacsException(PacsFailure.Failed,
                $"Orthanc at {Source} failed {operation} (HTTP {status}: {await ErrorNameAsync(response, cancellationToken).ConfigureAwait(false)})"),
        };
    }

    private static async Task<string> ErrorNameAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var error = await response.Content.ReadFromJsonAsync(OrthancJsonContext.Default.OrthancErrorBody, cancellationToken).ConfigureAwait(false);
            return error?.OrthancError ?? response.ReasonPhrase ?? "no error name";
        }
        catch (JsonException)
        {
            return response.ReasonPhrase ?? "no error name";
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false) ?? throw Unexpected(operation);
        }
        catch (JsonException exception)
        {
            throw new PacsException(PacsFailure.Failed, $"Orthanc at {Source} answered {operation} with JSON of an unexpected shape", exception);
        }
    }

    private PacsException Unexpected(string operation) =>
        new(PacsFailure.Failed, $"Orthanc at {Source} answered {operation} with an empty body");
}
