using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.IntegrationTests.Api;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Orthanc;

/// <summary>Checks that compare what an Orthanc holds with what the archive holds, over both sides' own APIs.</summary>
internal static class OrthancArchive
{
    /// <summary>Orthanc's id of the study with the UID, as Orthanc itself resolves it; null when it has none.</summary>
    public static async Task<string?> LookupStudyAsync(OrthancServer orthanc, string studyInstanceUid)
    {
        using var response = await orthanc.Rest.PostAsync("tools/lookup", new StringContent(studyInstanceUid));
        response.EnsureSuccessStatusCode();
        var matches = await response.Content.ReadFromJsonAsync<JsonElement>();
        return matches.EnumerateArray().Where(m => m.GetProperty("Type").GetString() == "Study").Select(m => m.GetProperty("ID").GetString()).FirstOrDefault();
    }

    /// <summary>Uploads every file to Orthanc; returns the study's Orthanc id.</summary>
    public static async Task<string> UploadAsync(OrthancServer orthanc, IReadOnlyList<byte[]> files)
    {
        var studies = new HashSet<string>();
        foreach (var file in files)
        {
            studies.Add((await orthanc.UploadAsync(file)).GetProperty("ParentStudy").GetString()!);
        }

        return Assert.Single(studies);
    }

    /// <summary>SHA-256 of each DICOM file of the study, as Orthanc stores it.</summary>
    public static async Task<List<string>> OrthancFileHashesAsync(OrthancServer orthanc, string studyId)
    {
        var instances = await orthanc.Rest.GetFromJsonAsync<JsonElement>($"studies/{studyId}/instances");
        var hashes = new List<string>();
        foreach (var instance in instances.EnumerateArray())
        {
            hashes.Add(Sha256(await orthanc.Rest.GetByteArrayAsync($"instances/{instance.GetProperty("ID").GetString()}/file")));
        }

        return hashes.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>SHA-256 of each original object the archive holds for the study (its own download route), or null when it has no such study.</summary>
    public static async Task<List<string>?> ArchiveFileHashesAsync(ApiFactory api, string studyInstanceUid)
    {
        var client = api.CreateClientFor(Roles.Radiologist);
        using var response = await client.GetAsync($"/api/v1/studies/{studyInstanceUid}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var study = await response.Content.ReadFromJsonAsync<JsonElement>();
        var hashes = new List<string>();
        foreach (var instance in study.GetProperty("series").EnumerateArray().SelectMany(s => s.GetProperty("instances").EnumerateArray()))
        {
            hashes.Add(Sha256(await client.GetByteArrayAsync($"/api/v1/images/{instance.GetProperty("id").GetGuid()}/download")));
        }

        return hashes.Order(StringComparer.Ordinal).ToList();
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Polls until <paramref name="condition"/> holds; fails naming <paramref name="what"/> if it does not within the patience.</summary>
    public static async Task EventuallyAsync(string what, Func<Task<bool>> condition, TimeSpan? patience = null)
    {
        using var deadline = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Gave up waiting: {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
