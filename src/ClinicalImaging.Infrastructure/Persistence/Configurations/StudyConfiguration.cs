using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicalImaging.Infrastructure.Persistence.Configurations;

internal sealed class StudyConfiguration : IEntityTypeConfiguration<Study>
{
    public void Configure(EntityTypeBuilder<Study> builder)
    {
        builder.ToTable("studies");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasIndex(s => s.StudyInstanceUid).IsUnique().HasDatabaseName("ux_studies_study_instance_uid");
        builder.HasIndex(s => s.PatientKey).HasDatabaseName("ix_studies_patient_key");

        builder.HasOne(s => s.Patient).WithMany().HasForeignKey(s => s.PatientKey).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Series).WithOne().HasForeignKey(se => se.StudyKey).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Series).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.ComplexProperty(s => s.Details, details =>
        {
            details.Property(d => d.Description).HasMaxLength(64);
            details.Property(d => d.AccessionNumber).HasMaxLength(16);
            details.Property(d => d.ReferringPhysicianName).HasMaxLength(324);
            details.Property(d => d.StudyId).HasMaxLength(16);
        });
        builder.ComplexProperty(s => s.PatientCharacteristics, patient =>
        {
            patient.Property(p => p.Age).HasColumnName("patient_age").HasMaxLength(4);
            patient.Property(p => p.WeightKg).HasColumnName("patient_weight_kg");
            patient.Property(p => p.SizeMetres).HasColumnName("patient_size_metres");
        });
    }
}
