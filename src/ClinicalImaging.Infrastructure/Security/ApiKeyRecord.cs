using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicalImaging.Infrastructure.Security;

/// <summary>A row of <c>api_keys</c>: the hash of the secret, never the secret.</summary>
internal sealed class ApiKeyRecord
{
    public Guid Id { get; init; }

    public required string Prefix { get; init; }

    public required string Name { get; init; }

    public required byte[] SecretHash { get; init; }

    public required string[] Scopes { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKeyRecord>
{
    public void Configure(EntityTypeBuilder<ApiKeyRecord> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Name).HasMaxLength(128);
        builder.Property(k => k.CreatedBy).HasMaxLength(128);
        builder.HasIndex(k => k.Prefix).IsUnique().HasDatabaseName("ux_api_keys_prefix");
    }
}
