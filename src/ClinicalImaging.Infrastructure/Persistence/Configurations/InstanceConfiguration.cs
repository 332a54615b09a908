using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicalImaging.Infrastructure.Persistence.Configurations;

internal sealed class InstanceConfiguration : IEntityTypeConfiguration<Instance>
{
    public void Configure(EntityTypeBuilder<Instance> builder)
    {
        builder.ToTable("instances");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.HasIndex(i => i.SopInstanceUid).IsUnique().HasDatabaseName("ux_instances_sop_instance_uid");
        builder.HasIndex(i => i.SeriesKey).HasDatabaseName("ix_instances_series_key");

        // Containment queries (header_json @> '{"00180015":{"Value":["CHEST"]}}') on any attribute use this index.
        // lz4, not PostgreSQL's default pglz: about half the database's CPU to compress each ~12 kB header (migration 0017).
        builder.Property(i => i.HeaderJson).HasColumnType("jsonb").UseCompressionMethod("lz4");
        builder.HasIndex(i => i.HeaderJson).HasMethod("gin").HasOperators("jsonb_path_ops").HasDatabaseName("ix_instances_header_json");

        builder.ComplexProperty(i => i.Image, image =>
        {
            image.Property(p => p.PhotometricInterpretation).HasMaxLength(16);
        });
        builder.ComplexProperty(i => i.Acquisition, acquisition =>
        {
            acquisition.Property(a => a.ContrastBolusAgent).HasMaxLength(64);
        });
        builder.ComplexProperty(i => i.Cardiac);
        builder.ComplexProperty(i => i.StoredObject, stored =>
        {
            stored.Property(s => s.BlobKey).HasMaxLength(256);
            stored.Property(s => s.Sha256).HasMaxLength(64).IsFixedLength();
        });
    }
}
