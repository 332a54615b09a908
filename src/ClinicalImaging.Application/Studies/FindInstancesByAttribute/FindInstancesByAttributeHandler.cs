using ClinicalImaging.Application.Common.Ports;
using MediatR;

namespace ClinicalImaging.Application.Studies.FindInstancesByAttribute;

public sealed class FindInstancesByAttributeHandler(IStudyStore studies)
    : IRequestHandler<FindInstancesByAttributeQuery, IReadOnlyList<InstanceView>>
{
    public Task<IReadOnlyList<InstanceView>> Handle(FindInstancesByAttributeQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return studies.FindInstancesByAttributeAsync(request.Tag.ToUpperInvariant(), request.Value, request.Limit, cancellationToken);
    }
}
