using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Jobs.RequeueJob;

/// <summary>Queues a dead job again with a fresh set of attempts (after the cause was fixed). Any other status is a 409.</summary>
[RequiresAccess(AccessPolicies.Administration)]
public sealed record RequeueJobCommand(Guid JobId) : IRequest<JobView>;
