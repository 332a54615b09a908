using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Studies;

/// <summary>Everything the archive records about one SOP instance besides its place in the hierarchy.</summary>
public sealed record InstanceDescription(
    DicomUid SopInstanceUid,
    DicomUid SopClassUid,
    DicomUid TransferSyntaxUid,
    int? InstanceNumber,
    ImagePixelInfo Image,
    AcquisitionParameters Acquisition,
    CardiacGating Cardiac,
    StoredObject StoredObject,
    string HeaderJson);

/// <summary>One stored DICOM object (SOP instance) and its searchable metadata.</summary>
public sealed class Instance : Entity
{
    private Instance(DicomUid sopInstanceUid, DicomUid sopClassUid, DicomUid transferSyntaxUid, Guid seriesKey, string headerJson)
    {
        SopInstanceUid = sopInstanceUid;
        SopClassUid = sopClassUid;
        TransferSyntaxUid = transferSyntaxUid;
        SeriesKey = seriesKey;
        HeaderJson = headerJson;
    }

    public DicomUid SopInstanceUid { get; private set; }

    public DicomUid SopClassUid { get; private set; }

    public DicomUid TransferSyntaxUid { get; private set; }

    public Guid SeriesKey { get; private set; }

    public int? InstanceNumber { get; private set; }

    public ImagePixelInfo Image { get; private set; } = ImagePixelInfo.Empty;

    public AcquisitionParameters Acquisition { get; private set; } = AcquisitionParameters.Empty;

    public CardiacGating Cardiac { get; private set; } = CardiacGating.Empty;

    public StoredObject StoredObject { get; private set; } = null!;

    /// <summary>The whole header as DICOM JSON (PS3.18 F.2), bulk data excluded: any attribute stays searchable.</summary>
    public string HeaderJson { get; private set; }

    internal static Instance Create(Series series, InstanceDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (string.IsNullOrWhiteSpace(description.HeaderJson))
        {
            throw new DomainException($"Instance {description.SopInstanceUid} has no header");
        }

        return new Instance(description.SopInstanceUid, description.SopClassUid, description.TransferSyntaxUid, series.Id, description.HeaderJson)
        {
            InstanceNumber = description.InstanceNumber,
            Image = description.Image,
            Acquisition = description.Acquisition,
            Cardiac = description.Cardiac,
            StoredObject = description.StoredObject,
        };
    }
}
