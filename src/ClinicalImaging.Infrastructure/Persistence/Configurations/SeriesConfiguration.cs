using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicalImaging.Infrastructure.Persistence.Configurations;

internal sealed class SeriesConfiguration : IEntityTypeConfiguration<Series>
{
    public void Configure(EntityTypeBuilder<Series> builder)
    {
        builder.ToTable("series");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasIndex(s => s.SeriesInstanceUid).IsUnique().HasDatabaseName("ux_series_series_instance_uid");
        builder.HasIndex(s => s.StudyKey).HasDatabaseName("ix_series_study_key");

        builder.HasMany(s => s.Instances).WithOne().HasForeignKey(i => i.SeriesKey).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Instances).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.ComplexProperty(s => s.Details, details =>
        {
            details.Property(d => d.Description).HasMaxLength(64);
            details.Property(d => d.Modality).HasMaxLength(16);
            details.Property(d => d.BodyPartExamined).HasMaxLength(64);
            details.Property(d => d.Laterality).HasMaxLength(16);
            details.Property(d => d.PatientPosition).HasMaxLength(16);
            details.Property(d => d.ProtocolName).HasMaxLength(64);
        });
        builder.ComplexProperty(s => s.Equipment, equipment =>
        {
            equipment.Property(e => e.Manufacturer).HasMaxLength(64);
            equipment.Property(e => e.ModelName).HasColumnName("manufacturer_model_name").HasMaxLength(64);
            equipment.Property(e => e.SoftwareVersions).HasMaxLength(256);
            equipment.Property(e => e.StationName).HasMaxLength(16);
            equipment.Property(e => e.InstitutionName).HasMaxLength(64);
        });
    }
}
