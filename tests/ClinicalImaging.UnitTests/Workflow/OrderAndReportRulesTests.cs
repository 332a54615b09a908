using ClinicalImaging.Domain.Common;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Reports;
using Xunit;

namespace ClinicalImaging.UnitTests.Workflow;

public sealed class OrderAndReportRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_order_records_when_each_step_happened_and_its_version_counts_the_changes()
    {
        var order = NewOrder();
        var study = Guid.NewGuid();

        order.StartAcquisition(study, T0);
        order.Complete(T0.AddMinutes(20));
        order.MarkReported(T0.AddHours(2));

        Assert.Equal(OrderStatus.Reported, order.Status);
        Assert.Equal(study, order.StudyKey);
        Assert.Equal((T0, T0.AddMinutes(20), T0.AddHours(2)), (order.StartedAt!.Value, order.CompletedAt!.Value, order.ReportedAt!.Value));
        Assert.Equal(3, order.Version);
    }

    [Fact]
    public void Completing_an_order_whose_images_have_not_arrived_is_refused_with_the_reason()
    {
        var order = NewOrder();

        var error = Assert.Throws<StateTransitionException>(() => order.Complete(T0));

        Assert.Equal($"Imaging order {order.Id} is Scheduled: completing (to Completed) is not allowed; no image has arrived yet", error.Message);
        Assert.Equal(0, order.Version);
    }

    [Fact]
    public void Signing_a_report_completes_an_order_the_technologist_left_in_progress()
    {
        var order = NewOrder();
        order.StartAcquisition(Guid.NewGuid(), T0);

        order.MarkReported(T0.AddHours(1));

        Assert.Equal((OrderStatus.Reported, T0.AddHours(1)), (order.Status, order.CompletedAt!.Value));
    }

    [Fact]
    public void Images_cannot_start_an_order_twice()
    {
        var order = NewOrder();
        order.StartAcquisition(Guid.NewGuid(), T0);

        Assert.Throws<StateTransitionException>(() => order.StartAcquisition(Guid.NewGuid(), T0));
    }

    [Fact]
    public void A_scheduled_order_cannot_be_reported_on()
    {
        var error = Assert.Throws<StateTransitionException>(() => RadiologyReport.Draft(NewOrder(), ReportSections.Empty, "dr-a"));

        Assert.EndsWith("drafting a report is not allowed; no image has arrived yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signed_report_refuses_edits_and_a_second_signature()
    {
        var report = SignedReport(critical: false);

        var edit = Assert.Throws<StateTransitionException>(() => report.Edit(ReportSections.Empty));
        Assert.Throws<StateTransitionException>(() => report.Sign("dr-b", T0));

        Assert.Equal($"Report {report.Id} is Signed: editing (to Draft) is not allowed; a signed report is immutable; amend it instead", edit.Message);
        Assert.Equal("Clear lungs.", report.Sections.Impression);
    }

    [Fact]
    public void A_report_without_an_impression_cannot_be_signed()
    {
        var report = RadiologyReport.Draft(StartedOrder(), ReportSections.Empty with { Findings = "Normal." }, "dr-a");

        var error = Assert.Throws<DomainException>(() => report.Sign("dr-a", T0));

        Assert.Contains("has no impression", error.Message, StringComparison.Ordinal);
        Assert.Equal(ReportStatus.Draft, report.Status);
    }

    [Fact]
    public void An_amendment_is_the_next_revision_of_a_signed_report_and_supersedes_it_when_signed()
    {
        var original = SignedReport(critical: false);

        var amendment = original.Amend("dr-b");
        amendment.Edit(amendment.Sections with { Impression = "Small left pneumothorax." });
        amendment.Sign("dr-b", T0.AddHours(3));
        original.SupersedeBy(amendment, T0.AddHours(3));

        Assert.Equal((2, original.Id, ReportStatus.Signed), (amendment.Revision, amendment.PreviousReportKey!.Value, amendment.Status));
        Assert.Equal((ReportStatus.Superseded, T0.AddHours(3)), (original.Status, original.SupersededAt!.Value));
        Assert.Throws<StateTransitionException>(() => original.Amend("dr-c"));
        Assert.Throws<StateTransitionException>(() => RadiologyReport.Draft(StartedOrder(), ReportSections.Empty, "dr-a").Amend("dr-a"));
    }

    [Fact]
    public void A_critical_finding_is_due_at_signature_plus_the_target_and_its_acknowledgement_delay_is_measured()
    {
        var report = SignedReport(critical: true);

        var notification = CriticalFindingNotification.Raise(report, TimeSpan.FromMinutes(30));
        var delay = notification.Acknowledge("dr-referrer", report.SignedAt!.Value.AddMinutes(12));

        Assert.Equal(report.SignedAt!.Value.AddMinutes(30), notification.DueAt);
        Assert.Equal(TimeSpan.FromMinutes(12), delay);
        Assert.Throws<StateTransitionException>(() => notification.Acknowledge("dr-referrer", T0));
        Assert.Throws<DomainException>(() => CriticalFindingNotification.Raise(SignedReport(critical: false), TimeSpan.FromMinutes(30)));
    }

    private static ImagingOrder NewOrder() => ImagingOrder.Schedule(
        Guid.NewGuid(), "ACC-1", new OrderDetails("ORD-1", "CT", "CHEST", "CT chest", "Cough", OrderPriority.Urgent, T0, "Main"), "tech-1");

    private static ImagingOrder StartedOrder()
    {
        var order = NewOrder();
        order.StartAcquisition(Guid.NewGuid(), T0);
        return order;
    }

    private static RadiologyReport SignedReport(bool critical)
    {
        var report = RadiologyReport.Draft(StartedOrder(), new ReportSections("CT chest", "None", "Lungs clear.", "Clear lungs.", critical), "dr-a");
        report.Sign("dr-a", T0.AddHours(1));
        return report;
    }
}
