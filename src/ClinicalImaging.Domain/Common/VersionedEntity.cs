namespace ClinicalImaging.Domain.Common;

/// <summary>
/// An aggregate that several people may change at once. <see cref="Version"/> goes up by one with every change; a
/// writer states the version it read and persistence refuses the write when the row moved on (optimistic concurrency).
/// </summary>
public abstract class VersionedEntity : Entity
{
    public int Version { get; private set; }

    /// <summary>Every state-changing method calls this once.</summary>
    protected void Changed() => Version++;
}
