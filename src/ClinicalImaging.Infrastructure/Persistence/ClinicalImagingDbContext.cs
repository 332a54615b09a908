using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.Infrastructure.Jobs;
using ClinicalImaging.Infrastructure.Orthanc;
using ClinicalImaging.Infrastructure.Persistence.Configurations;
using ClinicalImaging.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>
/// The EF Core model of the archive. The schema itself is created by the ordered SQL files in /migrations;
/// a test proves that they and this model agree, table by table and column by column. Patient identifiers are
/// encrypted by <see cref="PhiProtector"/>, whose keys are part of the model (see <see cref="ProtectorModelCacheKey"/>).
/// </summary>
public sealed class ClinicalImagingDbContext(DbContextOptions<ClinicalImagingDbContext> options, PhiProtector protector) : DbContext(options)
{
    internal PhiProtector Protector => protector;

    internal DbSet<AuditEventRecord> AuditEvents => Set<AuditEventRecord>();

    internal DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();

    internal DbSet<JobRecord> Jobs => Set<JobRecord>();

    public DbSet<Patient> Patients => Set<Patient>();

    public DbSet<Study> Studies => Set<Study>();

    public DbSet<Series> Series => Set<Series>();

    public DbSet<Instance> Instances => Set<Instance>();

    public DbSet<InferenceResult> InferenceResults => Set<InferenceResult>();

    public DbSet<Finding> Findings => Set<Finding>();

    public DbSet<StudyTriage> StudyTriage => Set<StudyTriage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Listed, not scanned: the patient configuration needs the PHI protector, and EF's scan warns on such types.
        modelBuilder.ApplyConfiguration(new PatientConfiguration(protector));
        modelBuilder.ApplyConfiguration(new StudyConfiguration());
        modelBuilder.ApplyConfiguration(new SeriesConfiguration());
        modelBuilder.ApplyConfiguration(new InstanceConfiguration());
        modelBuilder.ApplyConfiguration(new AuditEventConfiguration());
        modelBuilder.ApplyConfiguration(new ApiKeyConfiguration());
        modelBuilder.ApplyConfiguration(new InferenceResultConfiguration());
        modelBuilder.ApplyConfiguration(new FindingConfiguration());
        modelBuilder.ApplyConfiguration(new StudyTriageConfiguration());
        modelBuilder.ApplyConfiguration(new JobConfiguration());
        modelBuilder.ApplyConfiguration(new ImagingOrderConfiguration());
        modelBuilder.ApplyConfiguration(new RadiologyReportConfiguration());
        modelBuilder.ApplyConfiguration(new CriticalFindingNotificationConfiguration());
        modelBuilder.ApplyConfiguration(new ReviewConfiguration());
        modelBuilder.ApplyConfiguration(new AnnotationConfiguration());
        modelBuilder.ApplyConfiguration(new PacsChangeCursorConfiguration());
        modelBuilder.ApplyConfiguration(new RateLimitCounterConfiguration());
        SnakeCaseNaming.Apply(modelBuilder);
    }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ReplaceService<IModelCacheKeyFactory, ProtectorModelCacheKey>();

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampPatientProtection();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampPatientProtection();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// A patient row written at all is re-encrypted whole under the active key, so its <c>phi_key_id</c> is true for
    /// every ciphertext in it (rotation relies on that), and its blind index and search tokens follow its identifiers,
    /// under the active blind index key, whose id it records.
    /// </summary>
    private void StampPatientProtection()
    {
        foreach (var entry in ChangeTracker.Entries<Patient>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            entry.Property(PatientConfiguration.PhiKeyId).CurrentValue = protector.ActiveKeyId;
            entry.Property(PatientConfiguration.BlindIndexKeyId).CurrentValue = protector.BlindIndexKeyId;
            entry.Property(PatientConfiguration.PatientIdIndex).CurrentValue =
                entry.Entity.IsIdentified ? protector.BlindIndex(entry.Entity.PatientId, PatientPhi.PatientId) : null;
            entry.Property(PatientConfiguration.PhiSearchTokens).CurrentValue =
                PatientSearchTokens.For(protector, entry.Entity.PatientId, entry.Entity.PatientName, entry.Entity.BirthDate);
            if (entry.State == EntityState.Modified)
            {
                MarkModified(entry.Property(p => p.PatientId));
                MarkModified(entry.Property(p => p.PatientName));
                MarkModified(entry.Property(p => p.BirthDate));
            }
        }
    }

    private static void MarkModified(PropertyEntry property) => property.IsModified = true;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DicomUid>().HaveConversion<DicomUidConverter>().HaveMaxLength(DicomUid.MaxLength);
    }
}
