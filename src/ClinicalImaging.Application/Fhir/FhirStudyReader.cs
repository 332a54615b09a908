using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Application.Fhir.Mapping;
using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Dicom.Json;
using ClinicalImaging.Domain.Studies;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Application.Fhir;

/// <summary>
/// Stored studies as ImagingStudy resources, shared by the read and the search. The subject's display (the patient's
/// name) is given only to callers who may read patient data.
/// </summary>
public sealed class FhirStudyReader(IStudyStore studies, ICurrentUser user, IOptions<FhirOptions> options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.DicomTimeZone);

    public async Task<ImagingStudy?> ReadAsync(DicomUid studyInstanceUid, FhirRequestContext request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var study = await studies.GetStudyAsync(studyInstanceUid, cancellationToken).ConfigureAwait(false);
        if (study is null)
        {
            return null;
        }

        // The study-level codes (procedure, reason) are in the headers only; one instance's header carries them.
        var header = study.Series.SelectMany(s => s.Instances).FirstOrDefault() is { } first
            ? (await studies.FindInstanceHeadersAsync(new InstanceScope(study.StudyInstanceUid, first.SeriesInstanceUid, first.SopInstanceUid), cancellationToken).ConfigureAwait(false))
                .Select(h => DicomJsonSerializer.Deserialize(h.HeaderJson)).FirstOrDefault()
            : null;
        var mayReadPatientData = AccessPolicies.Get(AccessPolicies.PatientDataRead).IsSatisfiedBy(user);
        var subject = Reference.To($"Patient/{study.Patient.Id}", mayReadPatientData ? PatientMapper.HumanNameOf(study.Patient.PatientName)?.Text : null);
        return ImagingStudyMapper.ToImagingStudy(
            ImagingStudySource.FromStudyView(study, header, subject),
            new FhirMappingContext(request.DicomWebBaseUrl, _zone));
    }
}
