using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicalImaging.Infrastructure.Orthanc;

/// <summary>A row of <c>pacs_change_cursors</c>: how far the change feed of one PACS has been imported.</summary>
internal sealed class PacsChangeCursorRecord
{
    public required string Source { get; init; }

    public long LastSequence { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

internal sealed class PacsChangeCursorConfiguration : IEntityTypeConfiguration<PacsChangeCursorRecord>
{
    public const int SourceMaxLength = 512;

    public void Configure(EntityTypeBuilder<PacsChangeCursorRecord> builder)
    {
        builder.ToTable("pacs_change_cursors");
        builder.HasKey(c => c.Source);
        builder.Property(c => c.Source).HasMaxLength(SourceMaxLength);
    }
}
