using ClinicalImaging.Domain.Common;
using ClinicalImaging.Domain.Reviews;
using Xunit;

namespace ClinicalImaging.UnitTests.Workflow;

public sealed class ReviewRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly ReviewVerdict Agree = new(ReviewDecision.Agree, [], [], "Concur.");

    [Fact]
    public void A_claim_is_exclusive_and_names_the_radiologist_holding_it()
    {
        var review = Review.Open(Guid.NewGuid());
        review.Claim("dr-a", T0);

        var claim = Assert.Throws<StateTransitionException>(() => review.Claim("dr-b", T0));
        var decide = Assert.Throws<StateTransitionException>(() => review.Decide("dr-b", Agree, T0));
        var release = Assert.Throws<StateTransitionException>(() => review.Release("dr-b"));

        Assert.Equal($"Review {review.Id} is InReview: claiming (to InReview) is not allowed; it is claimed by dr-a", claim.Message);
        Assert.EndsWith("deciding is not allowed; it is claimed by dr-a", decide.Message, StringComparison.Ordinal);
        Assert.EndsWith("releasing is not allowed; it is claimed by dr-a", release.Message, StringComparison.Ordinal);
        Assert.Equal(("dr-a", 1), (review.AssigneeId, review.Version));
    }

    [Fact]
    public void Claiming_again_is_a_no_op_and_releasing_returns_the_review_to_the_worklist()
    {
        var review = Review.Open(Guid.NewGuid());
        review.Claim("dr-a", T0);
        review.Claim("dr-a", T0.AddMinutes(1));
        review.Release("dr-a");

        Assert.Equal((ReviewStatus.Pending, null, 2), (review.Status, review.AssigneeId, review.Version));
        Assert.Throws<StateTransitionException>(() => review.Release("dr-a"));
    }

    [Fact]
    public void A_pending_review_is_decided_in_one_step_and_a_final_decision_never_changes()
    {
        var review = Review.Open(Guid.NewGuid());
        review.Decide("dr-a", Agree, T0);

        var again = Assert.Throws<StateTransitionException>(() => review.Decide("dr-b", Agree, T0));
        Assert.Throws<StateTransitionException>(() => review.Claim("dr-b", T0));

        Assert.Equal($"Review {review.Id} is Final: deciding (to Final) is not allowed; it was decided by dr-a", again.Message);
        Assert.Equal((ReviewStatus.Final, "dr-a", T0), (review.Status, review.ReviewedBy, review.ReviewedAt!.Value));
    }

    [Theory]
    [InlineData(ReviewDecision.Agree, true, "an 'agree' decision carries no corrected labels or regions")]
    [InlineData(ReviewDecision.Modify, false, "a 'modify' decision needs the corrected labels or regions")]
    public void A_verdict_must_fit_its_decision(ReviewDecision decision, bool withCorrections, string problem)
    {
        var verdict = new ReviewVerdict(decision, withCorrections ? ["nodule"] : [], [], null);

        var error = Assert.Throws<DomainException>(() => Review.Open(Guid.NewGuid()).Decide("dr-a", verdict, T0));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrected_region_needs_a_positive_size()
    {
        var verdict = new ReviewVerdict(ReviewDecision.Modify, [], [new CorrectedRegion(10, 10, 0, 5, "nodule")], null);

        Assert.Throws<DomainException>(() => Review.Open(Guid.NewGuid()).Decide("dr-a", verdict, T0));
    }

    [Fact]
    public void A_measurement_is_converted_to_millimetres_with_row_spacing_along_y_and_column_spacing_along_x()
    {
        // 30 columns at 0.5 mm and 40 rows at 0.25 mm: legs of 15 mm and 10 mm.
        var image = new ImageGeometry(Rows: 512, Columns: 512, RowSpacingMm: 0.25, ColumnSpacingMm: 0.5);

        var measurement = Annotation.Create(Guid.NewGuid(), AnnotationKind.Measurement, [100, 100, 130, 140], null, image, "dr-a");

        Assert.Equal(Math.Sqrt((15 * 15) + (10 * 10)), measurement.LengthMm!.Value, 9);
        Assert.Null(Annotation.Create(Guid.NewGuid(), AnnotationKind.Measurement, [0, 0, 3, 4], null, image with { RowSpacingMm = null }, "dr-a").LengthMm);
    }

    [Theory]
    [InlineData(AnnotationKind.Box, new double[] { 500, 500, 20, 20 }, null, "lies outside the image (512 columns × 512 rows)")]
    [InlineData(AnnotationKind.Box, new double[] { 1, 2, 3 }, null, "a Box annotation has 4 coordinates; 3 were given")]
    [InlineData(AnnotationKind.Label, new double[] { 1, 2 }, null, "a Label annotation needs its text")]
    [InlineData(AnnotationKind.Note, new double[] { 1, 2 }, "text", "a Note annotation has 0 coordinates; 2 were given")]
    public void An_annotation_that_does_not_fit_its_kind_or_the_image_is_refused(AnnotationKind kind, double[] coordinates, string? text, string problem)
    {
        var error = Assert.Throws<DomainException>(() =>
            Annotation.Create(Guid.NewGuid(), kind, coordinates, text, new ImageGeometry(512, 512, 0.7, 0.7), "dr-a"));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
