using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Reviews;
using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicalImaging.Infrastructure.Persistence.Configurations;

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> builder)
    {
        builder.ToTable("reviews");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.AssigneeId).HasMaxLength(128);
        builder.Property(r => r.ReviewedBy).HasMaxLength(128);
        builder.Property(r => r.Verdict).HasJsonConversion();
        builder.HasOne<InferenceResult>().WithMany().HasForeignKey(r => r.InferenceResultId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.InferenceResultId).IsUnique().HasDatabaseName("ux_reviews_inference_result_id");
        builder.HasIndex(r => r.Status).HasDatabaseName("ix_reviews_status");
    }
}

internal sealed class AnnotationConfiguration : IEntityTypeConfiguration<Annotation>
{
    public void Configure(EntityTypeBuilder<Annotation> builder)
    {
        builder.ToTable("annotations");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Coordinates).HasJsonConversion();
        builder.Property(a => a.Text).HasMaxLength(Annotation.MaxTextLength);
        builder.Property(a => a.AuthorId).HasMaxLength(128);
        builder.HasOne<Instance>().WithMany().HasForeignKey(a => a.InstanceKey).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.InstanceKey).HasDatabaseName("ix_annotations_instance_key");
    }
}
