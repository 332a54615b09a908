using MediatR;

namespace ClinicalImaging.Application.Pacs.EchoPacsModality;

public sealed class EchoPacsModalityHandler(IPacsClient pacs) : IRequestHandler<EchoPacsModalityCommand, PacsEchoResult>
{
    public async Task<PacsEchoResult> Handle(EchoPacsModalityCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new PacsEchoResult(request.Modality, await pacs.EchoAsync(request.Modality, cancellationToken).ConfigureAwait(false));
    }
}
