using System.Globalization;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.IO;
using MediatR;

namespace ClinicalImaging.Application.DicomWeb.RetrieveBulkData;

public sealed class RetrieveBulkDataHandler(IStudyStore studies, IBlobStore blobs) : IRequestHandler<RetrieveBulkDataQuery, ReadOnlyMemory<byte>>
{
    public async Task<ReadOnlyMemory<byte>> Handle(RetrieveBulkDataQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instance = (await studies.FindStoredInstancesAsync(request.Scope, cancellationToken)).SingleOrDefault()
            ?? throw new NotFoundException($"No {request.Scope.Describe()} is stored");
        var tag = new DicomTag(uint.Parse(request.Tag, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        // Lazy reading keeps large values in the file; only the one asked for is read.
        await using var content = blobs.OpenRead(instance.BlobKey);
        using var file = DicomFile.Open(content, DicomReadOptions.Lazy, cancellationToken);
        return file.Dataset.Find(tag) is DicomValueElement { VR.Kind: DicomVRKind.Bytes } element
            ? element.Buffer.GetBytes()
            : throw new NotFoundException($"{request.Scope.Describe()} has no bulk data attribute {tag}");
    }
}
