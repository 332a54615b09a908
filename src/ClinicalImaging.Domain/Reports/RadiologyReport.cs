using ClinicalImaging.Domain.Common;
using ClinicalImaging.Domain.Orders;

namespace ClinicalImaging.Domain.Reports;

public enum ReportStatus
{
    /// <summary>Being written; any radiologist may edit it.</summary>
    Draft,

    /// <summary>Signed: the legal record, immutable from here on.</summary>
    Signed,

    /// <summary>A signed report that a signed amendment replaced; still readable, never changed.</summary>
    Superseded,
}

/// <summary>The sections of a structured radiology report (ACR practice parameter for communication of diagnostic imaging findings).</summary>
public sealed record ReportSections(
    string? Technique,
    string? Comparison,
    string? Findings,
    string? Impression,
    bool CriticalFinding)
{
    public static readonly ReportSections Empty = new(null, null, null, null, false);
}

/// <summary>
/// One version of the radiology report on an imaging order. A draft is edited and then signed; a signed report never
/// changes (the database refuses it too). A correction is an amendment: a new version linked to the one it replaces,
/// which becomes <see cref="ReportStatus.Superseded"/> when the amendment is signed.
/// </summary>
public sealed class RadiologyReport : VersionedEntity
{
    public static readonly TransitionTable<ReportStatus> Transitions = new(
        "Report",
        (ReportStatus.Draft, ReportStatus.Draft),
        (ReportStatus.Draft, ReportStatus.Signed),
        (ReportStatus.Signed, ReportStatus.Superseded));

    private RadiologyReport(Guid orderKey, int revision, Guid? previousReportKey, string authorId)
    {
        OrderKey = orderKey;
        Revision = revision;
        PreviousReportKey = previousReportKey;
        AuthorId = authorId;
    }

    public Guid OrderKey { get; private set; }

    /// <summary>1 for the original report, then one more for each amendment.</summary>
    public int Revision { get; private set; }

    /// <summary>The signed report this one amends; null for the original.</summary>
    public Guid? PreviousReportKey { get; private set; }

    public ReportSections Sections { get; private set; } = ReportSections.Empty;

    public ReportStatus Status { get; private set; }

    public string AuthorId { get; private set; }

    public string? SignedBy { get; private set; }

    public DateTimeOffset? SignedAt { get; private set; }

    public DateTimeOffset? SupersededAt { get; private set; }

    public bool IsAmendment => PreviousReportKey is not null;

    /// <summary>The first report on an order whose images have arrived; later ones are amendments.</summary>
    public static RadiologyReport Draft(ImagingOrder order, ReportSections sections, string authorId)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(sections);
        if (order.Status is not (OrderStatus.InProgress or OrderStatus.Completed))
        {
            throw new StateTransitionException(
                "Imaging order", order.Id, order.Status.ToString(), "drafting a report", null,
                order.Status == OrderStatus.Scheduled ? "no image has arrived yet" : "it is reported already; amend its signed report");
        }

        return new RadiologyReport(order.Id, 1, null, authorId) { Sections = sections };
    }

    /// <summary>A new draft that will replace this signed report once signed; it starts from this report's sections.</summary>
    public RadiologyReport Amend(string authorId)
    {
        if (Status != ReportStatus.Signed)
        {
            throw new StateTransitionException(
                "Report", Id, Status.ToString(), "amending", null,
                Status == ReportStatus.Draft ? "a draft is edited, not amended" : "amend the report that superseded it");
        }

        return new RadiologyReport(OrderKey, Revision + 1, Id, authorId) { Sections = Sections };
    }

    public void Edit(ReportSections sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        Transitions.Ensure(Id, Status, ReportStatus.Draft, "editing", "a signed report is immutable; amend it instead");
        Sections = sections;
        Changed();
    }

    public void Sign(string radiologistId, DateTimeOffset at)
    {
        Transitions.Ensure(Id, Status, ReportStatus.Signed, "signing");
        if (string.IsNullOrWhiteSpace(Sections.Impression))
        {
            throw new DomainException($"Report {Id} has no impression; a report is signed with one");
        }

        SignedBy = radiologistId;
        SignedAt = at;
        Status = ReportStatus.Signed;
        Changed();
    }

    /// <summary>The amendment <paramref name="amendment"/> was signed: this report steps aside.</summary>
    public void SupersedeBy(RadiologyReport amendment, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(amendment);
        if (amendment.PreviousReportKey != Id)
        {
            throw new DomainException($"Report {amendment.Id} does not amend report {Id}");
        }

        Transitions.Ensure(Id, Status, ReportStatus.Superseded, "superseding");
        SupersededAt = at;
        Status = ReportStatus.Superseded;
        Changed();
    }
}
