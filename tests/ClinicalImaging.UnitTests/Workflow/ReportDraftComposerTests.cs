using ClinicalImaging.Application.Reports;
using ClinicalImaging.Application.Reviews;
using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Reviews;
using Xunit;

namespace ClinicalImaging.UnitTests.Workflow;

public sealed class ReportDraftComposerTests
{
    private static readonly ImagingOrder Order = ImagingOrder.Schedule(
        Guid.NewGuid(), "ACC-2", new OrderDetails("ORD-2", "DX", "CHEST", null, "Fever", OrderPriority.Routine, DateTimeOffset.UnixEpoch, null), "tech-1");

    [Fact]
    public void Each_reviewed_result_becomes_a_findings_line_saying_what_the_radiologist_confirmed_or_corrected()
    {
        ReviewedResult[] reviewed =
        [
            Reviewed("pneumonia-v2", ["consolidation"], TriagePriority.Urgent, new ReviewVerdict(ReviewDecision.Agree, [], [], "Right lower lobe.")),
            Reviewed("effusion-v1", ["effusion"], TriagePriority.Routine, new ReviewVerdict(ReviewDecision.Disagree, [], [], null)),
            Reviewed("nodule-v3", ["nodule", "mass"], TriagePriority.Urgent, new ReviewVerdict(ReviewDecision.Modify, ["nodule"], [], null)),
        ];

        var sections = ReportDraftComposer.Compose(Order, reviewed);

        Assert.Equal("DX CHEST", sections.Technique);
        Assert.Equal(
            string.Join(Environment.NewLine,
                "pneumonia-v2: consolidation, confirmed by the radiologist. Right lower lobe.",
                "effusion-v1: AI findings (effusion) not confirmed; radiologist reads no finding.",
                "nodule-v3: AI findings (nodule, mass) corrected by the radiologist to nodule."),
            sections.Findings);
        Assert.Null(sections.Impression);
        Assert.False(sections.CriticalFinding);
    }

    [Theory]
    [InlineData(ReviewDecision.Agree, true)]
    [InlineData(ReviewDecision.Disagree, false)]
    public void A_critical_result_the_radiologist_agreed_with_presets_the_critical_flag(ReviewDecision decision, bool critical)
    {
        var sections = ReportDraftComposer.Compose(
            Order, [Reviewed("ptx-v1", ["pneumothorax"], TriagePriority.Critical, new ReviewVerdict(decision, [], [], null))]);

        Assert.Equal(critical, sections.CriticalFinding);
    }

    [Fact]
    public void Without_reviews_the_draft_has_the_technique_only()
    {
        var sections = ReportDraftComposer.Compose(Order, []);

        Assert.Equal(("DX CHEST", null, null), (sections.Technique, sections.Findings, sections.Impression));
    }

    private static ReviewedResult Reviewed(string model, string[] positives, TriagePriority priority, ReviewVerdict verdict) =>
        new(Guid.NewGuid(), model, positives, priority, verdict);
}
