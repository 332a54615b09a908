using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.IO;

namespace ClinicalImaging.Application.Research.RetrieveDeidentifiedInstances;

/// <summary>
/// De-identifies stored objects for research as they are served, one at a time: the original is read with large
/// values (pixel data) left in the blob store until written, the de-identified object (a fresh file meta, E.1.1 step 7)
/// goes to a temporary file that is deleted when the returned stream is closed, so no object is ever held in memory
/// and its length is known before the first byte is sent. Nothing de-identified is kept.
/// </summary>
public sealed class DeidentifiedObjects(IBlobStore blobs, ResearchDeidentifier deidentifier, ResearchUids uids)
{
    private const int FileBuffer = 128 * 1024;

    /// <summary>The de-identified object (read from the start, deleted on close) and the instance under its pseudonyms.</summary>
    public DeidentifiedObject Open(StoredInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var path = Path.Combine(Path.GetTempPath(), $"clinimg-research-{Guid.NewGuid():N}.dcm");
        var output = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileBuffer, FileOptions.DeleteOnClose);
        try
        {
            using (var original = blobs.OpenRead(instance.BlobKey))
            using (var file = DicomFile.Open(original, DicomReadOptions.Lazy))
            {
                var deidentified = deidentifier.Deidentify(file.Dataset);
                new DicomFile(new DicomDataset(), deidentified, file.TransferSyntax).Save(output);
            }

            output.Position = 0;
            return new DeidentifiedObject(uids.Pseudonymous(instance), output);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }
}

/// <summary>A de-identified object: its content (disposing it deletes the temporary file) and its instance under pseudonyms.</summary>
public sealed record DeidentifiedObject(StoredInstance Instance, Stream Content) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
