using ClinicalImaging.Dicom.IO;

namespace ClinicalImaging.Dicom;

/// <summary>A Part 10 file: File Meta Information (group 0002) and the data set.</summary>
public sealed class DicomFile : IDisposable
{
    private Stream? ownedStream;

    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, DicomTransferSyntax transferSyntax, bool hasPreamble = true)
    {
        ArgumentNullException.ThrowIfNull(fileMetaInformation);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
        HasPreamble = hasPreamble;
    }

    public DicomDataset FileMetaInformation { get; }

    public DicomDataset Dataset { get; }

    /// <summary>The syntax the data set was read in (declared in the meta, or inferred when the meta lacked it).</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    public bool HasPreamble { get; }

    /// <summary>Opens a file. With <see cref="DicomReadOptions.LazyValueThreshold"/> the file stays open until disposal.</summary>
    /// <exception cref="DicomParseException">The file is malformed.</exception>
    public static DicomFile Open(string path, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DicomReadOptions.Default;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
        try
        {
            var file = DicomReader.ReadFile(stream, options, cancellationToken);
            if (options.LazyValueThreshold is not null)
            {
                file.ownedStream = stream;
                stream = null;
            }

            return file;
        }
        finally
        {
            stream?.Dispose();
        }
    }

    /// <summary>Reads from a stream; the caller keeps ownership (keep it open while lazy values are used).</summary>
    public static DicomFile Open(Stream stream, DicomReadOptions? options = null, CancellationToken cancellationToken = default) =>
        DicomReader.ReadFile(stream, options, cancellationToken);

    public void Save(string path, DicomWriteOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Save(stream, options);
    }

    public void Save(Stream stream, DicomWriteOptions? options = null) => DicomWriter.WriteFile(stream, this, options);

    public void Dispose()
    {
        ownedStream?.Dispose();
        ownedStream = null;
    }
}
