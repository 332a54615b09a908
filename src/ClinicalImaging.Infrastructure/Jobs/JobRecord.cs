using ClinicalImaging.Application.Jobs;
using ClinicalImaging.Domain.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicalImaging.Infrastructure.Jobs;

/// <summary>
/// A row of <c>jobs</c>. The queue reads and changes rows with its own SQL (<see cref="PostgresJobQueue"/>); the EF
/// mapping exists so that a job can be inserted in the same transaction as the change that calls for it.
/// </summary>
internal sealed class JobRecord
{
    public Guid Id { get; init; }

    public required string Kind { get; init; }

    public required string Payload { get; init; }

    public required string Status { get; init; }

    public int Priority { get; init; }

    public int Attempts { get; init; }

    public int MaxAttempts { get; init; }

    public DateTimeOffset RunAfter { get; init; }

    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseExpiresAt { get; init; }

    public string? LastError { get; init; }

    public string? DedupeKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>A new job, waiting from <paramref name="now"/>.</summary>
    public static JobRecord Queued(NewJob job, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        Kind = job.Kind,
        Payload = job.Payload,
        Status = JobStatus.Queued.ToName(),
        Priority = job.Priority,
        MaxAttempts = job.MaxAttempts,
        RunAfter = now,
        DedupeKey = job.DedupeKey,
        CreatedAt = now,
        UpdatedAt = now,
    };
}

internal sealed class JobConfiguration : IEntityTypeConfiguration<JobRecord>
{
    public void Configure(EntityTypeBuilder<JobRecord> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.Kind).HasMaxLength(64);
        builder.Property(j => j.Payload).HasColumnType("jsonb");
        builder.Property(j => j.Status).HasMaxLength(16);
        builder.Property(j => j.LeaseOwner).HasMaxLength(128);
        builder.Property(j => j.LastError).HasMaxLength(1024);
        builder.Property(j => j.DedupeKey).HasMaxLength(256);
        builder.HasIndex(j => j.DedupeKey).IsUnique().HasDatabaseName("ux_jobs_dedupe_key");
    }
}
