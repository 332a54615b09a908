using System.IO.Compression;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;

namespace ClinicalImaging.Application.Studies.DownloadStudy;

/// <summary>
/// Writes a study's objects as a ZIP straight into a forward-only stream (an HTTP response body): one object at a time,
/// never the archive in memory. Entries are <c>SERIES_001/&lt;SOP Instance UID&gt;.dcm</c>, series numbered in the order
/// given (series number, then UID). Entries are stored, not deflated: compressed transfer syntaxes do not shrink, and
/// deflating native pixel data would spend the server's CPU on every download for a modest gain.
/// </summary>
public static class StudyArchiveWriter
{
    public const string MediaType = "application/zip";

    public static async Task WriteAsync(IReadOnlyList<StoredInstance> instances, IBlobStore blobs, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(blobs);
        var archive = await ZipArchive.CreateAsync(destination, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        await using (archive)
        {
            var seriesFolders = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var instance in instances)
            {
                if (!seriesFolders.TryGetValue(instance.SeriesInstanceUid, out var folder))
                {
                    folder = $"SERIES_{seriesFolders.Count + 1:D3}";
                    seriesFolders.Add(instance.SeriesInstanceUid, folder);
                }

                var entry = archive.CreateEntry($"{folder}/{instance.SopInstanceUid}.dcm", CompressionLevel.NoCompression);
                await using var source = blobs.OpenRead(instance.BlobKey);
                await using var target = await entry.OpenAsync(cancellationToken);
                await source.CopyToAsync(target, cancellationToken);
            }
        }
    }
}
