using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicalImaging.Infrastructure.Persistence.Configurations;

internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("patients");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.PatientId).HasMaxLength(Patient.MaxPatientIdLength);
        builder.Property(p => p.IssuerOfPatientId).HasMaxLength(64);
        builder.Property(p => p.PatientName).HasMaxLength(324);
        builder.Property(p => p.Sex).HasMaxLength(16);
        builder.HasIndex(p => new { p.PatientId, p.IssuerOfPatientId }).IsUnique().HasDatabaseName("ux_patients_patient_id_issuer");
    }
}
