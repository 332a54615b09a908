using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicalImaging.Infrastructure.Persistence.Configurations;

internal sealed class ImagingOrderConfiguration : IEntityTypeConfiguration<ImagingOrder>
{
    public void Configure(EntityTypeBuilder<ImagingOrder> builder)
    {
        builder.ToTable("imaging_orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.Property(o => o.AccessionNumber).HasMaxLength(ImagingOrder.MaxAccessionNumberLength);
        builder.Property(o => o.OrderNumber).HasMaxLength(64);
        builder.Property(o => o.Modality).HasMaxLength(16);
        builder.Property(o => o.BodyPart).HasMaxLength(64);
        builder.Property(o => o.Description).HasMaxLength(256);
        builder.Property(o => o.Indication).HasMaxLength(1024);
        builder.Property(o => o.PerformingFacility).HasMaxLength(128);
        builder.Property(o => o.OrderedBy).HasMaxLength(128);
        builder.Property(o => o.Priority).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);

        builder.HasOne<Patient>().WithMany().HasForeignKey(o => o.PatientKey).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Study>().WithMany().HasForeignKey(o => o.StudyKey).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(o => o.AccessionNumber).IsUnique().HasDatabaseName("ux_imaging_orders_accession_number");
        builder.HasIndex(o => o.OrderNumber).IsUnique().HasDatabaseName("ux_imaging_orders_order_number");
        builder.HasIndex(o => o.PatientKey).HasDatabaseName("ix_imaging_orders_patient_key");
        builder.HasIndex(o => o.StudyKey).HasDatabaseName("ix_imaging_orders_study_key");
        builder.HasIndex(o => new { o.Status, o.ScheduledAt }).HasDatabaseName("ix_imaging_orders_status_scheduled_at");
    }
}
