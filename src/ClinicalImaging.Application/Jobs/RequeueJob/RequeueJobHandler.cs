using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Domain.Jobs;
using MediatR;

namespace ClinicalImaging.Application.Jobs.RequeueJob;

public sealed class RequeueJobHandler(IJobQueue queue) : IRequestHandler<RequeueJobCommand, JobView>
{
    public const string JobStatusConflict = "job-status";

    public async Task<JobView> Handle(RequeueJobCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await queue.RequeueAsync(request.JobId, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidJobTransitionException error)
        {
            throw new ConflictException(error.Message, JobStatusConflict);
        }
    }
}
