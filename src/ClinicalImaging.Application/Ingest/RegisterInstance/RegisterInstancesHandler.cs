using ClinicalImaging.Application.Common.Ports;
using MediatR;

namespace ClinicalImaging.Application.Ingest.RegisterInstance;

public sealed class RegisterInstancesHandler(IStudyStore studies) : IRequestHandler<RegisterInstancesCommand, IReadOnlyList<RegistrationResult>>
{
    public Task<IReadOnlyList<RegistrationResult>> Handle(RegisterInstancesCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return studies.RegisterInstancesAsync(request.Instances, cancellationToken);
    }
}
