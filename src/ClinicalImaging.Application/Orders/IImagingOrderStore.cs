using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Domain.Orders;

namespace ClinicalImaging.Application.Orders;

/// <summary>Imaging orders and what they need from the archive. Changes are committed by <see cref="Common.Ports.IWorkflowUnitOfWork"/>.</summary>
public interface IImagingOrderStore
{
    /// <summary>The key of the patient row for <paramref name="patient"/>, created (encrypted) when the patient has none yet; demographics given update it.</summary>
    Task<Guid> EnsurePatientAsync(PatientIdentity patient, CancellationToken cancellationToken);

    /// <summary>A fresh service-assigned accession number.</summary>
    Task<string> NextAccessionNumberAsync(CancellationToken cancellationToken);

    /// <summary>The archived study with this accession number of this patient that no order claims yet, if one arrived before its order.</summary>
    Task<ArrivedStudy?> FindArrivedStudyAsync(string accessionNumber, Guid patientKey, CancellationToken cancellationToken);

    /// <summary>The scheduled order whose accession number and patient match the archived study <paramref name="studyKey"/>, tracked for change.</summary>
    Task<ImagingOrder?> FindOrderAwaitingStudyAsync(Guid studyKey, CancellationToken cancellationToken);

    /// <summary>The order, tracked for change.</summary>
    Task<ImagingOrder?> FindAsync(Guid orderId, CancellationToken cancellationToken);

    void Add(ImagingOrder order);

    Task<OrderView?> GetViewAsync(Guid orderId, CancellationToken cancellationToken);

    Task<IReadOnlyList<OrderView>> SearchAsync(OrderSearch search, CancellationToken cancellationToken);
}
