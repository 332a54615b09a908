using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Fhir.Mapping;
using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Dicom;
using MediatR;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Application.Fhir.DescribeDicomFile;

public sealed class DescribeDicomFileHandler(ICurrentUser user, IOptions<FhirOptions> options) : IRequestHandler<DescribeDicomFileCommand, ImagingStudy>
{
    private const string PatientId = "patient";

    public Task<ImagingStudy> Handle(DescribeDicomFileCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ds = request.File.Dataset;
        var patient = PatientMapper.ToPatient(
            PatientId,
            new PatientDemographics(
                ImagingStudySource.Text(ds, DicomTags.PatientID) ?? string.Empty,
                ImagingStudySource.Text(ds, DicomTags.IssuerOfPatientID),
                ImagingStudySource.Text(ds, DicomTags.PatientName),
                SafeBirthDate(ds),
                ImagingStudySource.Text(ds, DicomTags.PatientSex)),
            AccessPolicies.Get(AccessPolicies.PatientDataRead).IsSatisfiedBy(user));
        try
        {
            var source = ImagingStudySource.FromDatasets([ds], Reference.To("#" + PatientId));
            var context = new FhirMappingContext(request.Request.DicomWebBaseUrl, TimeZoneInfo.FindSystemTimeZoneById(options.Value.DicomTimeZone));
            return Task.FromResult(ImagingStudyMapper.ToImagingStudy(source, context, [patient]));
        }
        catch (FhirFormatException failure)
        {
            throw new RequestValidationException($"the DICOM file cannot be described: {failure.Message}");
        }
    }

    private static DateOnly? SafeBirthDate(DicomDataset ds)
    {
        try
        {
            return ds.GetDate(DicomTags.PatientBirthDate);
        }
        catch (DicomException)
        {
            return null;
        }
    }
}
