using System.Globalization;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Orders;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Persistence.Workflow;

/// <summary>Imaging orders in PostgreSQL. Orders point at the encrypted patient row; a Patient ID is searched by its blind index.</summary>
internal sealed class EfImagingOrderStore(ClinicalImagingDbContext db, IClock clock) : IImagingOrderStore
{
    private DbSet<ImagingOrder> Orders => db.Set<ImagingOrder>();

    public async Task<Guid> EnsurePatientAsync(PatientIdentity patient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var now = clock.UtcNow;
        var row = await PatientRows.FindOrCreateAsync(db, patient.PatientId, patient.IssuerOfPatientId, now, lockRow: false, cancellationToken)
            .ConfigureAwait(false);
        if (patient.PatientName is not null || patient.BirthDate is not null || patient.Sex is not null)
        {
            // Saved with the order, in its transaction.
            row.UpdateDemographics(patient.PatientName, patient.BirthDate, patient.Sex);
        }

        return row.Id;
    }

    public async Task<string> NextAccessionNumberAsync(CancellationToken cancellationToken)
    {
        var next = await db.Database.SqlQuery<long>($"SELECT nextval('imaging_order_accession_seq') AS \"Value\"")
            .SingleAsync(cancellationToken).ConfigureAwait(false);
        return "CI" + next.ToString("D10", CultureInfo.InvariantCulture);
    }

    public Task<ArrivedStudy?> FindArrivedStudyAsync(string accessionNumber, Guid patientKey, CancellationToken cancellationToken) =>
        db.Studies.AsNoTracking()
            .Where(s => s.Details.AccessionNumber == accessionNumber && s.PatientKey == patientKey && !Orders.Any(o => o.StudyKey == s.Id))
            .OrderBy(s => s.CreatedAt)
            .Select(s => new ArrivedStudy(s.Id, s.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);

    public Task<ImagingOrder?> FindOrderAwaitingStudyAsync(Guid studyKey, CancellationToken cancellationToken) =>
        Orders
            .Where(o => o.Status == OrderStatus.Scheduled && o.StudyKey == null
                        && db.Studies.Any(s => s.Id == studyKey && s.Details.AccessionNumber == o.AccessionNumber && s.PatientKey == o.PatientKey))
            .FirstOrDefaultAsync(cancellationToken);

    public Task<ImagingOrder?> FindAsync(Guid orderId, CancellationToken cancellationToken) =>
        Orders.FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);

    public void Add(ImagingOrder order) => Orders.Add(order);

    public async Task<OrderView?> GetViewAsync(Guid orderId, CancellationToken cancellationToken) =>
        (await ViewsAsync(Orders.Where(o => o.Id == orderId), 0, 1, cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public Task<IReadOnlyList<OrderView>> SearchAsync(OrderSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var orders = Orders.AsQueryable();
        if (search.Status is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }

        if (search.Modality is { } modality)
        {
            orders = orders.Where(o => o.Modality == modality);
        }

        if (search.Priority is { } priority)
        {
            orders = orders.Where(o => o.Priority == priority);
        }

        if (search.PatientId is { } patientId)
        {
            var patients = db.Patients.WithPatientId(db.Protector, patientId);
            orders = orders.Where(o => patients.Any(p => p.Id == o.PatientKey));
        }

        if (search.ScheduledFrom is { } from)
        {
            orders = orders.Where(o => o.ScheduledAt >= from);
        }

        if (search.ScheduledTo is { } to)
        {
            orders = orders.Where(o => o.ScheduledAt < to);
        }

        return ViewsAsync(orders, search.Offset, search.Limit, cancellationToken);
    }

    /// <summary>A page of orders, newest scheduled first, with their (decrypted) patients; then their studies' UIDs in one more query.</summary>
    private async Task<IReadOnlyList<OrderView>> ViewsAsync(IQueryable<ImagingOrder> orders, int offset, int limit, CancellationToken cancellationToken)
    {
        var rows = await (
                from o in orders.AsNoTracking()
                join p in db.Patients on o.PatientKey equals p.Id
                orderby o.ScheduledAt descending, o.CreatedAt descending, o.Id
                select new { Order = o, Patient = new PatientView(p.Id, p.PatientId, p.IssuerOfPatientId, p.PatientName, p.BirthDate, p.Sex) })
            .Skip(offset).Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var studyKeys = rows.Where(r => r.Order.StudyKey is not null).Select(r => r.Order.StudyKey!.Value).Distinct().ToList();
        var studyUids = studyKeys.Count == 0
            ? new Dictionary<Guid, DicomUid>()
            : await db.Studies.AsNoTracking().Where(s => studyKeys.Contains(s.Id))
                .ToDictionaryAsync(s => s.Id, s => s.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => View(r.Order, r.Patient, r.Order.StudyKey is { } key ? studyUids[key].Value : null)).ToList();
    }

    private static OrderView View(ImagingOrder o, PatientView patient, string? studyInstanceUid) => new(
        o.Id, o.OrderNumber, o.AccessionNumber, patient, o.Modality, o.BodyPart, o.Description, o.Indication, o.Priority, o.ScheduledAt,
        o.PerformingFacility, o.Status, studyInstanceUid, o.OrderedBy, o.CreatedAt, o.StartedAt, o.CompletedAt, o.ReportedAt, o.Version);
}
