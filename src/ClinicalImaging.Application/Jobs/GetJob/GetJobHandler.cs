using ClinicalImaging.Application.Common.Exceptions;
using MediatR;

namespace ClinicalImaging.Application.Jobs.GetJob;

public sealed class GetJobHandler(IJobQueue queue) : IRequestHandler<GetJobQuery, JobView>
{
    public async Task<JobView> Handle(GetJobQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await queue.GetAsync(request.JobId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Job", request.JobId.ToString());
    }
}
