using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicalImaging.Infrastructure.Persistence.Configurations;

/// <summary>Reports; a trigger of migration 0010 refuses any change to a signed report but its superseding.</summary>
internal sealed class RadiologyReportConfiguration : IEntityTypeConfiguration<RadiologyReport>
{
    public void Configure(EntityTypeBuilder<RadiologyReport> builder)
    {
        builder.ToTable("radiology_reports", table => table.HasTrigger("radiology_reports_signed_immutable"));
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.AuthorId).HasMaxLength(128);
        builder.Property(r => r.SignedBy).HasMaxLength(128);
        builder.Ignore(r => r.IsAmendment);
        builder.ComplexProperty(r => r.Sections);

        builder.HasOne<ImagingOrder>().WithMany().HasForeignKey(r => r.OrderKey).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<RadiologyReport>().WithMany().HasForeignKey(r => r.PreviousReportKey).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(r => new { r.OrderKey, r.Revision }).IsUnique().HasDatabaseName("ux_radiology_reports_order_key_revision");
        builder.HasIndex(r => r.PreviousReportKey).HasDatabaseName("ix_radiology_reports_previous_report_key");
    }
}

internal sealed class CriticalFindingNotificationConfiguration : IEntityTypeConfiguration<CriticalFindingNotification>
{
    public void Configure(EntityTypeBuilder<CriticalFindingNotification> builder)
    {
        builder.ToTable("critical_finding_notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Version).IsConcurrencyToken();
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.AcknowledgedBy).HasMaxLength(128);

        builder.HasOne<RadiologyReport>().WithMany().HasForeignKey(n => n.ReportKey).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ImagingOrder>().WithMany().HasForeignKey(n => n.OrderKey).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(n => n.ReportKey).IsUnique().HasDatabaseName("ux_critical_finding_notifications_report_key");
        builder.HasIndex(n => n.OrderKey).HasDatabaseName("ix_critical_finding_notifications_order_key");
        builder.HasIndex(n => new { n.Status, n.DueAt }).HasDatabaseName("ix_critical_finding_notifications_status_due_at");
    }
}
