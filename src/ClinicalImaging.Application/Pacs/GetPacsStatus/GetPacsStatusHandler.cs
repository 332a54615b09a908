using MediatR;

namespace ClinicalImaging.Application.Pacs.GetPacsStatus;

public sealed class GetPacsStatusHandler(IPacsClient pacs) : IRequestHandler<GetPacsStatusQuery, PacsSystemInfo>
{
    public Task<PacsSystemInfo> Handle(GetPacsStatusQuery request, CancellationToken cancellationToken) =>
        pacs.GetSystemAsync(cancellationToken);
}
