using ClinicalImaging.Application.Common.Ports;
using MediatR;

namespace ClinicalImaging.Application.Ingest.RegisterInstance;

public sealed class RegisterInstanceHandler(IStudyStore studies) : IRequestHandler<RegisterInstanceCommand, InstanceRegistration>
{
    public Task<InstanceRegistration> Handle(RegisterInstanceCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return studies.RegisterInstanceAsync(request.Metadata, cancellationToken);
    }
}
