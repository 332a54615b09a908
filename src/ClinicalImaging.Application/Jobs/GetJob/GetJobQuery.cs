using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Jobs.GetJob;

/// <summary>A job's status, attempts, lease and last error (its payload holds internal ids only, no patient data).</summary>
[RequiresAccess(AccessPolicies.AnalysisRun)]
public sealed record GetJobQuery(Guid JobId) : IRequest<JobView>;
