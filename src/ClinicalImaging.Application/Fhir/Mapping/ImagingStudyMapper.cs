using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Application.Fhir.Terminology;
using ClinicalImaging.Dicom.Dictionary;

namespace ClinicalImaging.Application.Fhir.Mapping;

/// <summary>Where the images of mapped studies are served, and how to read the DICOM local dates and times.</summary>
/// <param name="DicomWebBaseUrl">Our DICOMweb root (…/dicomweb), the address of the ImagingStudy's endpoint.</param>
/// <param name="DicomTimeZone">The zone the modalities' local DA/TM values are in (FHIR dateTimes with a time need an offset).</param>
public sealed record FhirMappingContext(string DicomWebBaseUrl, TimeZoneInfo DicomTimeZone);

/// <summary>DICOM study → FHIR R4 ImagingStudy (https://hl7.org/fhir/R4/imagingstudy-mappings.html#dicom).</summary>
public static class ImagingStudyMapper
{
    /// <summary>The id of the contained DICOMweb Endpoint the study and its series refer to.</summary>
    public const string EndpointId = "dicomweb";

    public static ImagingStudy ToImagingStudy(ImagingStudySource source, FhirMappingContext context, IReadOnlyList<Resource>? contained = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);
        var series = source.Series.Select(s => ToSeries(s, context)).ToList();
        var identifiers = new List<Identifier> { StudyUidIdentifier(source.StudyInstanceUid) };
        if (source.AccessionNumber is { } accession)
        {
            identifiers.Add(AccessionIdentifier(accession));
        }

        var reasons = source.ReasonCodes.Select(c => c.ToCodeableConcept()).ToList();
        if (reasons.Count == 0 && source.ReasonText is { } reasonText)
        {
            reasons.Add(new CodeableConcept(null, reasonText));
        }

        return new ImagingStudy
        {
            Id = source.StudyInstanceUid,
            Contained = [.. contained ?? [], DicomWebEndpoint(context.DicomWebBaseUrl)],
            Identifier = identifiers,
            Status = "available",
            Modality = NullIfEmpty(series.Select(s => s.Modality).DistinctBy(m => m.Code).ToList()),
            Subject = source.Subject,
            Started = FhirDates.DateTime(source.StudyDate, source.StudyTime, context.DicomTimeZone),
            Endpoint = [Reference.To("#" + EndpointId)],
            NumberOfSeries = series.Count,
            NumberOfInstances = source.Series.Sum(s => s.Instances.Count),
            ProcedureCode = NullIfEmpty(source.ProcedureCodes.Select(c => c.ToCodeableConcept()).ToList()),
            ReasonCode = NullIfEmpty(reasons),
            Description = source.Description,
            Series = NullIfEmpty(series),
        };
    }

    public static Identifier StudyUidIdentifier(string studyInstanceUid) =>
        new(FhirCodeSystems.DicomUid, "urn:oid:" + studyInstanceUid, Use: "official");

    public static Identifier AccessionIdentifier(string accessionNumber) =>
        new(null, accessionNumber, CodeableConcept.Of(new Coding(FhirCodeSystems.IdentifierType, "ACSN", "Accession ID")), "usual");

    /// <summary>DICOM Modality (0008,0060) as a DICOM (DCM) coding; OT (other) where the header has none.</summary>
    public static Coding ModalityCoding(string? modality) =>
        new(FhirCodeSystems.Dicom, string.IsNullOrWhiteSpace(modality) ? "OT" : modality.Trim().ToUpperInvariant());

    /// <summary>DICOM Laterality / Image Laterality → SNOMED CT (DICOM CID 244): R, L, B; U (unpaired) has no laterality.</summary>
    public static Coding? LateralityCoding(string? laterality) => laterality?.Trim().ToUpperInvariant() switch
    {
        "R" => new Coding(FhirCodeSystems.SnomedCt, "24028007", "Right"),
        "L" => new Coding(FhirCodeSystems.SnomedCt, "7771000", "Left"),
        "B" => new Coding(FhirCodeSystems.SnomedCt, "51440002", "Right and left"),
        _ => null,
    };

    private static ImagingStudySeries ToSeries(SeriesSource series, FhirMappingContext context) => new()
    {
        Uid = series.Uid,
        Number = series.Number is >= 0 ? series.Number : null,
        Modality = ModalityCoding(series.Modality),
        Description = series.Description,
        NumberOfInstances = series.Instances.Count,
        BodySite = BodyPartExamined.ToSnomedCt(series.BodyPartExamined),
        Laterality = LateralityCoding(series.Laterality),
        Started = FhirDates.DateTime(series.Date, series.Time, context.DicomTimeZone),
        Instance = NullIfEmpty(series.Instances.Select(ToInstance).ToList()),
    };

    private static ImagingStudyInstance ToInstance(InstanceSource instance) => new()
    {
        Uid = instance.Uid,
        SopClass = new Coding(FhirCodeSystems.Uri, "urn:oid:" + instance.SopClassUid, DicomUidRegistry.Lookup(instance.SopClassUid)?.Name),
        Number = instance.Number is >= 0 ? instance.Number : null,
        Title = instance.Title,
    };

    private static Endpoint DicomWebEndpoint(string baseUrl) => new()
    {
        Id = EndpointId,
        Status = "active",
        ConnectionType = new Coding(FhirCodeSystems.EndpointConnectionType, "dicom-wado-rs", "DICOM WADO-RS"),
        PayloadType = [new CodeableConcept([new Coding(FhirCodeSystems.Dicom, "DICOM")], "DICOM")],
        PayloadMimeType = ["application/dicom"],
        Address = baseUrl,
    };

    internal static IReadOnlyList<T>? NullIfEmpty<T>(IReadOnlyList<T> items) => items.Count == 0 ? null : items;
}
