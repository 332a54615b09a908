using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Application.Common;

/// <summary>Optimistic concurrency at the edge: a change states the version it was based on.</summary>
public static class ExpectedVersion
{
    /// <summary>Refuses the change when <paramref name="entity"/> has moved on from <paramref name="expected"/>.</summary>
    public static void Ensure(VersionedEntity entity, int expected, string resource)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.Version != expected)
        {
            throw new ConflictException(
                $"{resource} {entity.Id} is at version {entity.Version}, not {expected}: someone changed it since you read it; reload and retry",
                WorkflowConflicts.VersionConflict);
        }
    }
}
