using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicalImaging.Infrastructure.Persistence.Configurations;

internal sealed class InferenceResultConfiguration : IEntityTypeConfiguration<InferenceResult>
{
    public void Configure(EntityTypeBuilder<InferenceResult> builder)
    {
        builder.ToTable("inference_results");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => new { r.InstanceKey, r.ModelId, r.ModelVersion }).IsUnique().HasDatabaseName("ux_inference_results_instance_model_version");
        builder.HasIndex(r => r.StudyKey).HasDatabaseName("ix_inference_results_study_key");
        builder.HasOne<Instance>().WithMany().HasForeignKey(r => r.InstanceKey).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Study>().WithMany().HasForeignKey(r => r.StudyKey).OnDelete(DeleteBehavior.Cascade);

        builder.Property(r => r.ModelId).HasMaxLength(InferenceResult.MaxModelIdLength);
        builder.Property(r => r.ModelVersion).HasMaxLength(InferenceResult.MaxModelVersionLength);
        builder.Property(r => r.ModelTask).HasMaxLength(16);
        builder.Property(r => r.Probabilities).HasJsonConversion();
        builder.ComplexProperty(r => r.Uncertainty, uncertainty =>
        {
            uncertainty.Property(u => u.Samples).HasColumnName("uncertainty_samples");
            uncertainty.Property(u => u.PredictiveEntropy).HasColumnName("uncertainty_predictive_entropy");
            uncertainty.Property(u => u.MutualInformation).HasColumnName("uncertainty_mutual_information");
            uncertainty.Property(u => u.Normalized).HasColumnName("uncertainty_normalized");
        });
        builder.Property(r => r.CamMethod).HasMaxLength(32);
        builder.Property(r => r.CamTargetLabel).HasMaxLength(Finding.MaxLabelLength);
        builder.Property(r => r.HeatmapBlobKey).HasMaxLength(256);
        builder.Property(r => r.OverlayBlobKey).HasMaxLength(256);
        builder.Property(r => r.AttentionRegions).HasJsonConversion();
        builder.Property(r => r.Priority).HasConversion<short>();
        builder.Property(r => r.ReviewReasons).HasJsonConversion();

        builder.HasMany(r => r.Findings).WithOne().HasForeignKey(f => f.InferenceResultKey).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Findings).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class FindingConfiguration : IEntityTypeConfiguration<Finding>
{
    public void Configure(EntityTypeBuilder<Finding> builder)
    {
        builder.ToTable("findings");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.HasIndex(f => new { f.InferenceResultKey, f.Ordinal }).IsUnique().HasDatabaseName("ux_findings_inference_result_key_ordinal");
        builder.Property(f => f.Label).HasMaxLength(Finding.MaxLabelLength);
        builder.Property(f => f.Severity).HasConversion<short>();
        builder.Property(f => f.LocationDescription).HasMaxLength(Finding.MaxLocationDescriptionLength);
        builder.Property(f => f.Location).HasJsonConversion();
        builder.Property(f => f.Recommendation).HasMaxLength(Finding.MaxRecommendationLength);
    }
}

internal sealed class StudyTriageConfiguration : IEntityTypeConfiguration<StudyTriage>
{
    public void Configure(EntityTypeBuilder<StudyTriage> builder)
    {
        builder.ToTable("study_triage");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.HasIndex(t => t.StudyKey).IsUnique().HasDatabaseName("ux_study_triage_study_key");
        builder.HasIndex(t => t.Priority).HasDatabaseName("ix_study_triage_priority");
        builder.HasOne<Study>().WithMany().HasForeignKey(t => t.StudyKey).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.ComputedPriority).HasConversion<short>();
        builder.Property(t => t.OverridePriority).HasConversion<short?>();
        builder.Property(t => t.Priority).HasConversion<short>();
        builder.Property(t => t.OverrideReason).HasMaxLength(StudyTriage.MaxReasonLength);
        builder.Property(t => t.OverriddenBy).HasMaxLength(StudyTriage.MaxActorLength);
    }
}
