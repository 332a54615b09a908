using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Fhir.Mapping;
using ClinicalImaging.Application.Fhir.Resources;
using MediatR;

namespace ClinicalImaging.Application.Fhir.GetPatient;

public sealed class GetFhirPatientHandler(IFhirStudyIndex index, ICurrentUser user) : IRequestHandler<GetFhirPatientQuery, Patient>
{
    public async Task<Patient> Handle(GetFhirPatientQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = Guid.Parse(request.Id);
        var patient = await index.GetPatientAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException(nameof(Patient), request.Id);
        return PatientMapper.ToPatient(
            key.ToString(),
            new PatientDemographics(patient.PatientId, patient.IssuerOfPatientId, patient.PatientName, patient.BirthDate, patient.Sex),
            AccessPolicies.Get(AccessPolicies.PatientDataRead).IsSatisfiedBy(user));
    }
}
