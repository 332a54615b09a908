using System.Buffers.Binary;
using System.Linq.Expressions;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.Infrastructure.Persistence.Configurations;
using ClinicalImaging.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>
/// The one way to find-or-create a patient row, shared by ingest and orders so that images and orders of one patient
/// meet on one row. Patients are keyed by the blind index of the Patient ID (the ciphertext differs on every write).
/// </summary>
internal static class PatientRows
{
    /// <summary>
    /// Inserts the patient if absent (a concurrent insert of the same patient is not an error) and returns the row,
    /// tracked. With <paramref name="lockRow"/> (inside a transaction) the row stays locked until it ends, which
    /// serialises writers of one patient's hierarchy. The row may be indexed under any configured blind index key.
    /// </summary>
    public static async Task<Patient> FindOrCreateAsync(
        ClinicalImagingDbContext db, string patientId, string? issuerOfPatientId, DateTimeOffset now, bool lockRow, CancellationToken cancellationToken)
    {
        var candidate = Patient.Create(patientId, issuerOfPatientId);
        var protector = db.Protector;
        var rotating = protector.BlindIndexKeyIds.Count > 1;
        await using var transaction = rotating && db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : null;
        if (rotating)
        {
            // While replicas index new rows under different keys the unique key cannot stop two inserts of one new
            // patient: its creators queue on a lock named by its index under the key every replica then holds first.
            var lockKey = BinaryPrimitives.ReadInt64BigEndian(protector.BlindIndex(candidate.PatientId, PatientPhi.PatientId, protector.BlindIndexKeyIds.Min(StringComparer.Ordinal)!));
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({lockKey})", cancellationToken).ConfigureAwait(false);
        }

        var indexes = protector.BlindIndexes(candidate.PatientId, PatientPhi.PatientId);
        var patient = await Find(db, indexes, candidate.IssuerOfPatientId, lockRow, cancellationToken).ConfigureAwait(false);
        if (patient is null)
        {
            // The row is complete as inserted (search tokens included): a later object that changes nothing need not rewrite it.
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO patients (id, patient_id_cipher, patient_id_index, blind_index_key_id, issuer_of_patient_id, phi_key_id, phi_search_tokens, created_at, updated_at)
                VALUES ({candidate.Id}, {protector.Encrypt(candidate.PatientId, PatientPhi.PatientId)}, {protector.BlindIndex(candidate.PatientId, PatientPhi.PatientId)},
                        {protector.BlindIndexKeyId}, {candidate.IssuerOfPatientId}, {protector.ActiveKeyId},
                        {PatientSearchTokens.For(protector, candidate.PatientId, null, null)}, {now}, {now})
                ON CONFLICT (patient_id_index, issuer_of_patient_id) DO NOTHING
                """,
                cancellationToken).ConfigureAwait(false);
            patient = await Find(db, indexes, candidate.IssuerOfPatientId, lockRow, cancellationToken).ConfigureAwait(false);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return patient ?? throw new InvalidOperationException("The patient row just inserted was not found");
    }

    /// <summary>Patients whose Patient ID has this value, by its blind index under every configured key.</summary>
    public static IQueryable<Patient> WithPatientId(this IQueryable<Patient> patients, PhiProtector protector, string patientId)
    {
        var row = Expression.Parameter(typeof(Patient), "p");
        var index = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(byte[])], row, Expression.Constant(PatientConfiguration.PatientIdIndex));
        var matches = protector.BlindIndexes(patientId, PatientPhi.PatientId)
            .Select(value => (Expression)Expression.Equal(index, Parameter(value)))
            .Aggregate(Expression.OrElse);
        return patients.Where(Expression.Lambda<Func<Patient, bool>>(matches, row));
    }

    /// <summary>
    /// The value as a captured variable, which EF Core sends as a query parameter: a constant would make every Patient ID
    /// its own query, compiled and cached anew.
    /// </summary>
    private static Expression Parameter(byte[] value)
    {
        Expression<Func<byte[]>> captured = () => value;
        return captured.Body;
    }

    private static async Task<Patient?> Find(ClinicalImagingDbContext db, byte[][] blindIndexes, string issuerOfPatientId, bool lockRow, CancellationToken cancellationToken)
    {
        var indexes = new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = blindIndexes };
        var rows = lockRow
            ? db.Patients.FromSql($"SELECT * FROM patients WHERE patient_id_index = ANY({indexes}) AND issuer_of_patient_id = {issuerOfPatientId} FOR UPDATE")
            : db.Patients.FromSql($"SELECT * FROM patients WHERE patient_id_index = ANY({indexes}) AND issuer_of_patient_id = {issuerOfPatientId}");
        return (await rows.ToListAsync(cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }
}
