using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Studies;

/// <summary>A series of a study: one modality, one acquisition context, many instances.</summary>
public sealed class Series : Entity
{
    private readonly List<Instance> _instances = [];

    private Series(DicomUid seriesInstanceUid, Guid studyKey)
    {
        SeriesInstanceUid = seriesInstanceUid;
        StudyKey = studyKey;
    }

    public DicomUid SeriesInstanceUid { get; private set; }

    public Guid StudyKey { get; private set; }

    public SeriesDetails Details { get; private set; } = SeriesDetails.Empty;

    public Equipment Equipment { get; private set; } = Equipment.Empty;

    public IReadOnlyList<Instance> Instances => _instances;

    internal static Series Create(DicomUid seriesInstanceUid, Study study) => new(seriesInstanceUid, study.Id);

    public void EnsureBelongsTo(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (StudyKey != study.Id)
        {
            throw new DomainException(
                $"SeriesInstanceUID {SeriesInstanceUid} already belongs to another study; the object's StudyInstanceUID does not match");
        }
    }

    public void Update(SeriesDetails details, Equipment equipment)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(equipment);
        Details = new SeriesDetails(
            details.SeriesNumber ?? Details.SeriesNumber,
            details.Description ?? Details.Description,
            details.Modality ?? Details.Modality,
            details.BodyPartExamined ?? Details.BodyPartExamined,
            details.Laterality ?? Details.Laterality,
            details.PatientPosition ?? Details.PatientPosition,
            details.ProtocolName ?? Details.ProtocolName,
            details.SeriesDate ?? Details.SeriesDate,
            details.SeriesTime ?? Details.SeriesTime);
        Equipment = new Equipment(
            equipment.Manufacturer ?? Equipment.Manufacturer,
            equipment.ModelName ?? Equipment.ModelName,
            equipment.SoftwareVersions ?? Equipment.SoftwareVersions,
            equipment.StationName ?? Equipment.StationName,
            equipment.InstitutionName ?? Equipment.InstitutionName);
    }

    public Instance AddInstance(InstanceDescription description)
    {
        var instance = Instance.Create(this, description);
        _instances.Add(instance);
        return instance;
    }
}
