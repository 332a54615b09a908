using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Orders;

/// <summary>How soon the examination is needed (HL7 v2 ORC-7 quantity/timing priority: S, A, R).</summary>
public enum OrderPriority
{
    Routine,
    Urgent,
    Stat,
}

/// <summary>Where an ordered examination stands: scheduled → in progress → completed → reported.</summary>
public enum OrderStatus
{
    /// <summary>Ordered; no image has arrived.</summary>
    Scheduled,

    /// <summary>Images matched by accession number and patient have arrived.</summary>
    InProgress,

    /// <summary>The technologist declared the acquisition complete.</summary>
    Completed,

    /// <summary>A radiologist signed a report.</summary>
    Reported,
}

/// <summary>What an order asks for, as the requesting system sent it.</summary>
public sealed record OrderDetails(
    string OrderNumber,
    string Modality,
    string? BodyPart,
    string? Description,
    string? Indication,
    OrderPriority Priority,
    DateTimeOffset ScheduledAt,
    string? PerformingFacility);

/// <summary>
/// An imaging order (a scheduled study): the request for an examination of one patient, identified by its placer
/// order number and by the accession number the modality copies into every image, which is how arriving images find
/// it. Its timestamps are the turnaround metrics' clock.
/// </summary>
public sealed class ImagingOrder : VersionedEntity
{
    public const int MaxAccessionNumberLength = 16;

    public static readonly TransitionTable<OrderStatus> Transitions = new(
        "Imaging order",
        (OrderStatus.Scheduled, OrderStatus.InProgress),
        (OrderStatus.InProgress, OrderStatus.Completed),
        (OrderStatus.Completed, OrderStatus.Reported));

    private ImagingOrder(Guid patientKey, string accessionNumber, string orderNumber, string modality, string orderedBy)
    {
        PatientKey = patientKey;
        AccessionNumber = accessionNumber;
        OrderNumber = orderNumber;
        Modality = modality;
        OrderedBy = orderedBy;
    }

    public Guid PatientKey { get; private set; }

    /// <summary>DICOM Accession Number (0008,0050), unique among orders; the key that matches arriving images.</summary>
    public string AccessionNumber { get; private set; }

    /// <summary>The placer order number of the requesting system (HL7 ORC-2), unique among orders.</summary>
    public string OrderNumber { get; private set; }

    public string Modality { get; private set; }

    public string? BodyPart { get; private set; }

    public string? Description { get; private set; }

    /// <summary>Why the examination was requested (clinical information; not shown to roles without patient-data access).</summary>
    public string? Indication { get; private set; }

    public OrderPriority Priority { get; private set; }

    public DateTimeOffset ScheduledAt { get; private set; }

    public string? PerformingFacility { get; private set; }

    public OrderStatus Status { get; private set; }

    /// <summary>The archived study the images arrived as; null until then.</summary>
    public Guid? StudyKey { get; private set; }

    /// <summary>The actor who placed the order (never patient data).</summary>
    public string OrderedBy { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public DateTimeOffset? ReportedAt { get; private set; }

    public static ImagingOrder Schedule(Guid patientKey, string accessionNumber, OrderDetails details, string orderedBy)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (string.IsNullOrWhiteSpace(accessionNumber) || accessionNumber.Length > MaxAccessionNumberLength)
        {
            throw new DomainException($"the accession number must have 1 to {MaxAccessionNumberLength} characters");
        }

        return new ImagingOrder(patientKey, accessionNumber, details.OrderNumber, details.Modality, orderedBy)
        {
            BodyPart = details.BodyPart,
            Description = details.Description,
            Indication = details.Indication,
            Priority = details.Priority,
            ScheduledAt = details.ScheduledAt,
            PerformingFacility = details.PerformingFacility,
        };
    }

    /// <summary>The first image of the order's study arrived at <paramref name="at"/> (or the order was placed after it did).</summary>
    public void StartAcquisition(Guid studyKey, DateTimeOffset at)
    {
        Transitions.Ensure(Id, Status, OrderStatus.InProgress, "starting the acquisition");
        StudyKey = studyKey;
        StartedAt = at;
        Status = OrderStatus.InProgress;
        Changed();
    }

    public void Complete(DateTimeOffset at)
    {
        Transitions.Ensure(Id, Status, OrderStatus.Completed, "completing", Status == OrderStatus.Scheduled ? "no image has arrived yet" : null);
        CompletedAt = at;
        Status = OrderStatus.Completed;
        Changed();
    }

    /// <summary>
    /// A report on the study was signed. Signing proves the acquisition is over, so an order the technologist did not
    /// complete is completed at the same moment; a scheduled order (no images) cannot be reported.
    /// </summary>
    public void MarkReported(DateTimeOffset at)
    {
        if (Status == OrderStatus.InProgress)
        {
            Complete(at);
        }

        Transitions.Ensure(Id, Status, OrderStatus.Reported, "reporting");
        ReportedAt = at;
        Status = OrderStatus.Reported;
        Changed();
    }
}
