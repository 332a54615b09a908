using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Dicom;
using MediatR;
using System.Globalization;

namespace ClinicalImaging.Application.Research.SearchDeidentifiedStudies;

/// <summary>Each study of the page becomes a small data set with its patient's identifiers, goes through the de-identifier, and is read back.</summary>
public sealed class SearchDeidentifiedStudiesHandler(IStudySearch search, ResearchDeidentifier deidentifier)
    : IRequestHandler<SearchDeidentifiedStudiesQuery, PagedResult<DeidentifiedStudy>>
{
    public async Task<PagedResult<DeidentifiedStudy>> Handle(SearchDeidentifiedStudiesQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        deidentifier.EnsureConfigured();
        var criteria = request.Criteria with { Modality = request.Criteria.Modality?.ToUpperInvariant() };
        var page = await search.SearchStudiesAsync(criteria, request.Page, request.PageSize, cancellationToken).ConfigureAwait(false);
        return new PagedResult<DeidentifiedStudy>(page.Items.Select(Deidentify).ToList(), page.Total, page.Page, page.PageSize);
    }

    private DeidentifiedStudy Deidentify(StudySummary study)
    {
        var dataset = new DicomDataset().Set(DicomTags.SpecificCharacterSet, "ISO_IR 192")
            .Set(DicomTags.StudyInstanceUID, study.StudyInstanceUid)
            .Set(DicomTags.PatientID, study.Patient.PatientId);
        Optional(dataset, DicomTags.PatientName, study.Patient.PatientName);
        Optional(dataset, DicomTags.PatientBirthDate, study.Patient.BirthDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        Optional(dataset, DicomTags.PatientSex, study.Patient.Sex);
        Optional(dataset, DicomTags.StudyDate, study.Details.StudyDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        Optional(dataset, DicomTags.StudyTime, study.Details.StudyTime?.ToString("HHmmss", CultureInfo.InvariantCulture));
        Optional(dataset, DicomTags.StudyDescription, study.Details.Description);
        Optional(dataset, DicomTags.AccessionNumber, study.Details.AccessionNumber);
        Optional(dataset, DicomTags.ReferringPhysicianName, study.Details.ReferringPhysicianName);
        Optional(dataset, DicomTags.ModalitiesInStudy, string.Join('\\', study.Modalities));
        Optional(dataset, DicomTags.BodyPartExamined, string.Join('\\', study.BodyParts));

        var result = deidentifier.Deidentify(dataset);
        return new DeidentifiedStudy(
            result.GetString(DicomTags.StudyInstanceUID)!,
            result.GetString(DicomTags.PatientID)!,
            Value(result, DicomTags.PatientSex),
            Value(result, DicomTags.StudyDate),
            Value(result, DicomTags.StudyTime),
            Value(result, DicomTags.StudyDescription),
            result.GetStrings(DicomTags.ModalitiesInStudy),
            result.GetStrings(DicomTags.BodyPartExamined),
            study.NumberOfSeries,
            study.NumberOfInstances)
        {
            OriginalStudyInstanceUid = study.StudyInstanceUid,
        };
    }

    private static void Optional(DicomDataset dataset, DicomTag tag, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            dataset.Set(tag, value);
        }
    }

    private static string? Value(DicomDataset dataset, DicomTag tag) => dataset.GetString(tag) is { Length: > 0 } value ? value : null;
}
