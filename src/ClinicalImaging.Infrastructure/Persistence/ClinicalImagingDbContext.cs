using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>
/// The EF Core model of the archive. The schema itself is created by the ordered SQL files in /migrations;
/// a test proves that they and this model agree, table by table and column by column.
/// </summary>
public sealed class ClinicalImagingDbContext(DbContextOptions<ClinicalImagingDbContext> options) : DbContext(options)
{
    public DbSet<Patient> Patients => Set<Patient>();

    public DbSet<Study> Studies => Set<Study>();

    public DbSet<Series> Series => Set<Series>();

    public DbSet<Instance> Instances => Set<Instance>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ClinicalImagingDbContext).Assembly);
        SnakeCaseNaming.Apply(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DicomUid>().HaveConversion<DicomUidConverter>().HaveMaxLength(DicomUid.MaxLength);
    }
}
