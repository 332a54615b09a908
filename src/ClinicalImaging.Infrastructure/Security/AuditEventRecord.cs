using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicalImaging.Infrastructure.Security;

/// <summary>A row of the append-only <c>audit_events</c> table (written by SQL INSERT only; EF reads it).</summary>
internal sealed class AuditEventRecord
{
    public long Id { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public required string ActorKind { get; init; }

    public required string ActorId { get; init; }

    public string? ActorName { get; init; }

    public required string[] ActorRoles { get; init; }

    public required string Action { get; init; }

    public required string ResourceType { get; init; }

    public required string[] ResourceIds { get; init; }

    public required string Outcome { get; init; }

    public string? ClientAddress { get; init; }

    public string? UserAgentHash { get; init; }

    public string? CorrelationId { get; init; }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEventRecord>
{
    public void Configure(EntityTypeBuilder<AuditEventRecord> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.ActorKind).HasMaxLength(16);
        builder.Property(e => e.ActorId).HasMaxLength(128);
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.ResourceType).HasMaxLength(64);
        builder.Property(e => e.Outcome).HasMaxLength(16);
        builder.Property(e => e.ClientAddress).HasMaxLength(64);
        builder.Property(e => e.UserAgentHash).HasMaxLength(16);
        builder.Property(e => e.CorrelationId).HasMaxLength(64);
        builder.HasIndex(e => e.OccurredAt).HasDatabaseName("ix_audit_events_occurred_at");
        builder.HasIndex(e => e.ActorId).HasDatabaseName("ix_audit_events_actor_id");
        builder.HasIndex(e => e.ResourceIds).HasMethod("gin").HasDatabaseName("ix_audit_events_resource_ids");
    }
}
