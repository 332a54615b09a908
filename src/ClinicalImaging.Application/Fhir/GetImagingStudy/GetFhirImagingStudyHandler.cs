using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Domain.Studies;
using MediatR;

namespace ClinicalImaging.Application.Fhir.GetImagingStudy;

public sealed class GetFhirImagingStudyHandler(FhirStudyReader reader) : IRequestHandler<GetFhirImagingStudyQuery, ImagingStudy>
{
    public async Task<ImagingStudy> Handle(GetFhirImagingStudyQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await reader.ReadAsync(DicomUid.Parse(request.Id, "id"), request.Request, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException(nameof(ImagingStudy), request.Id);
    }
}
