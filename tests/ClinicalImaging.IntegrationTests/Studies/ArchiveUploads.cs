using System.Net;
using System.Net.Http.Json;
using ClinicalImaging.Api.Endpoints;
using ClinicalImaging.IntegrationTests.DicomWeb;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Studies;

/// <summary>Objects sent as one <c>POST /api/v1/images/upload</c>, as the archive's users send them.</summary>
internal static class ArchiveUploads
{
    /// <summary>The per-file outcomes, in order; the request itself must be answered (200, 202 or 409).</summary>
    public static async Task<IReadOnlyList<UploadedFile>> UploadAsync(HttpClient client, params byte[][] objects)
    {
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < objects.Length; i++)
        {
            form.Add(new ByteArrayContent(objects[i]), "files", $"{i}.dcm");
        }

        using var response = await client.PostAsync("/api/v1/images/upload", form);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"{response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<UploadResponse>(StowRsTests.JsonOptions))!.Files;
    }
}
