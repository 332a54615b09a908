using ClinicalImaging.Domain.Studies;
using ClinicalImaging.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ClinicalImaging.Infrastructure.Persistence.Configurations;

/// <summary>
/// Patients' direct identifiers are columns of ciphertext: EF encrypts on write and decrypts on read through
/// <see cref="PhiProtector"/>, so the domain and every query projection see plain values. Patients are found by
/// the blind index of their Patient ID (the ciphertexts are randomised and cannot be compared).
/// </summary>
internal sealed class PatientConfiguration(PhiProtector protector) : IEntityTypeConfiguration<Patient>
{
    public const string PatientIdIndex = nameof(PatientIdIndex);
    public const string PhiKeyId = nameof(PhiKeyId);
    public const string PhiSearchTokens = nameof(PhiSearchTokens);
    public const string BlindIndexKeyId = nameof(BlindIndexKeyId);

    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("patients");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.PatientId).HasColumnName("patient_id_cipher").HasConversion(Encrypted(PatientPhi.PatientId));
        // EF never hands null to a converter: an absent name stays NULL.
        builder.Property(p => p.PatientName).HasColumnName("patient_name_cipher").HasConversion(Encrypted(PatientPhi.PatientName)!);
        builder.Property(p => p.BirthDate).HasColumnName("birth_date_cipher")
            .HasConversion(new ValueConverter<DateOnly, byte[]>(
                v => protector.EncryptDate(v, PatientPhi.BirthDate), v => protector.DecryptDate(v, PatientPhi.BirthDate)));
        builder.Property(p => p.IssuerOfPatientId).HasMaxLength(64);
        builder.Property(p => p.Sex).HasMaxLength(16);
        // NULL for an unidentified patient (empty Patient ID): never matched, never unique-keyed (migration 0015).
        builder.Property<byte[]>(PatientIdIndex).IsRequired(false);
        builder.Property<string>(PhiKeyId).HasMaxLength(32).IsRequired();
        // QIDO-RS matching of the encrypted columns (PatientSearchTokens; GIN index in migration 0006).
        builder.Property<Guid[]>(PhiSearchTokens).IsRequired();
        // The blind index key the index and tokens are under (several are searched during a rotation).
        builder.Property<string>(BlindIndexKeyId).HasMaxLength(32).IsRequired();
        builder.HasIndex(PatientIdIndex, nameof(Patient.IssuerOfPatientId)).IsUnique().HasDatabaseName("ux_patients_patient_id_index_issuer");
    }

    private ValueConverter<string, byte[]> Encrypted(string purpose) =>
        new(v => protector.Encrypt(v, purpose), v => protector.Decrypt(v, purpose));
}

/// <summary>The purposes (associated data) of the patient columns' ciphertexts and blind index.</summary>
internal static class PatientPhi
{
    public const string PatientId = "patients.patient_id";
    public const string PatientName = "patients.patient_name";
    public const string BirthDate = "patients.birth_date";
}
