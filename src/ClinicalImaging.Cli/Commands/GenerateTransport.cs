using System.Net.Http.Headers;
using System.Text.Json;
using ClinicalImaging.Application.Fhir;
using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Application.Synthetic;

namespace ClinicalImaging.Cli.Commands;

/// <summary>Reads ImagingStudy resources from a FHIR server: a search following the Bundle's next links, then each study's Patient.</summary>
internal sealed class FhirServerClient(HttpClient http, Uri baseUrl)
{
    private readonly string _base = baseUrl.ToString().TrimEnd('/');

    public async Task<IReadOnlyList<FhirStudy>> ReadStudiesAsync(string? patientId, int maxStudies, CancellationToken cancellationToken)
    {
        var studies = new List<ImagingStudy>();
        var next = $"{_base}/ImagingStudy?_count={Math.Clamp(maxStudies, 1, 100)}" + (patientId is null ? string.Empty : $"&patient={Uri.EscapeDataString(patientId)}");
        while (next is not null && studies.Count < maxStudies)
        {
            using var page = await GetAsync(next, cancellationToken);
            var root = page.RootElement;
            if (FhirJson.ResourceTypeOf(root) != nameof(Bundle))
            {
                throw new FhirFormatException($"{next} answered a {FhirJson.ResourceTypeOf(root) ?? "non-FHIR document"}, not a Bundle");
            }

            if (root.TryGetProperty("entry", out var entries))
            {
                studies.AddRange(entries.EnumerateArray()
                    .Where(e => e.TryGetProperty("resource", out var r) && FhirJson.ResourceTypeOf(r) == nameof(ImagingStudy))
                    .Select(e => FhirJson.Deserialize<ImagingStudy>(e.GetProperty("resource"))));
            }

            next = root.TryGetProperty("link", out var links)
                ? links.EnumerateArray().Where(l => l.GetProperty("relation").GetString() == "next").Select(l => l.GetProperty("url").GetString()).FirstOrDefault()
                : null;
        }

        var patients = new Dictionary<string, Patient>(StringComparer.Ordinal);
        var result = new List<FhirStudy>();
        foreach (var study in studies.Take(maxStudies))
        {
            var reference = study.Subject.Target;
            if (reference is { Length: > 0 } && !reference.StartsWith('#') && !patients.ContainsKey(reference))
            {
                using var patient = await GetAsync(reference.Contains("://", StringComparison.Ordinal) ? reference : $"{_base}/{reference}", cancellationToken);
                patients[reference] = FhirJson.Deserialize<Patient>(patient.RootElement);
            }

            result.Add(new FhirStudy(study, FhirStudyPlanner.SubjectOf(study, patients)));
        }

        return result;
    }

    private async Task<JsonDocument> GetAsync(string url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(FhirJson.MediaType);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
    }
}

/// <summary>Where generated instances go besides the output folder.</summary>
internal interface IInstanceSender
{
    string Name { get; }

    Task SendAsync(string path, CancellationToken cancellationToken);
}

/// <summary>STOW-RS (PS3.18 §10.5): each instance as a one-part multipart/related request, streamed from its file.</summary>
internal sealed class StowRsSender(HttpClient http, Uri dicomWebRoot) : IInstanceSender
{
    private readonly string _url = dicomWebRoot.ToString().TrimEnd('/') + "/studies";

    public string Name => $"STOW-RS {_url}";

    public async Task SendAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        using var part = new StreamContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var body = new MultipartContent("related", "clinimg-" + Guid.NewGuid().ToString("N"));
        body.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        body.Add(part);
        using var response = await http.PostAsync(_url, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"STOW-RS {_url} refused {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}

/// <summary>Orthanc's REST API: POST /instances with the file as the body.</summary>
internal sealed class OrthancSender(HttpClient http, Uri orthanc) : IInstanceSender
{
    private readonly string _url = orthanc.ToString().TrimEnd('/') + "/instances";

    public string Name => $"Orthanc {_url}";

    public async Task SendAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        using var body = new StreamContent(file);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var response = await http.PostAsync(_url, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"Orthanc {_url} refused {path}: {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }
}

/// <summary>A one-line progress bar on the error stream (so that the output stays clean for pipes).</summary>
internal sealed class ProgressBar(TextWriter writer, int total)
{
    private const int Width = 30;

    public int Done { get; private set; }

    public void Advance()
    {
        Done++;
        var filled = total == 0 ? Width : Done * Width / total;
        writer.Write($"\rgenerating [{new string('#', filled)}{new string('.', Width - filled)}] {Done}/{total}");
    }

    public void Finish() => writer.WriteLine();
}
