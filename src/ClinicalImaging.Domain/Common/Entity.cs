namespace ClinicalImaging.Domain.Common;

/// <summary>Base for aggregates and entities: a surrogate key and audit timestamps kept by persistence.</summary>
public abstract class Entity
{
    public Guid Id { get; protected set; } = Guid.CreateVersion7();

    public DateTimeOffset CreatedAt { get; protected set; }

    public DateTimeOffset UpdatedAt { get; protected set; }

    /// <summary>Called by the store whenever the entity is written; <paramref name="now"/> comes from the clock port.</summary>
    public void Touch(DateTimeOffset now)
    {
        if (CreatedAt == default)
        {
            CreatedAt = now;
        }

        UpdatedAt = now;
    }
}
