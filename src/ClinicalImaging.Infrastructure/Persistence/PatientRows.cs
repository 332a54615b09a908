using ClinicalImaging.Domain.Studies;
using ClinicalImaging.Infrastructure.Persistence.Configurations;
using ClinicalImaging.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

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
    /// serialises writers of one patient's hierarchy.
    /// </summary>
    public static async Task<Patient> FindOrCreateAsync(
        ClinicalImagingDbContext db, string patientId, string? issuerOfPatientId, DateTimeOffset now, bool lockRow, CancellationToken cancellationToken)
    {
        var candidate = Patient.Create(patientId, issuerOfPatientId);
        var protector = db.Protector;
        var patientIdIndex = protector.BlindIndex(candidate.PatientId, PatientPhi.PatientId);
        // The row is complete as inserted (search tokens included): a later object that changes nothing need not rewrite it.
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO patients (id, patient_id_cipher, patient_id_index, issuer_of_patient_id, phi_key_id, phi_search_tokens, created_at, updated_at)
            VALUES ({candidate.Id}, {protector.Encrypt(candidate.PatientId, PatientPhi.PatientId)}, {patientIdIndex},
                    {candidate.IssuerOfPatientId}, {protector.ActiveKeyId}, {PatientSearchTokens.For(protector, candidate.PatientId, null, null)}, {now}, {now})
            ON CONFLICT (patient_id_index, issuer_of_patient_id) DO NOTHING
            """,
            cancellationToken).ConfigureAwait(false);
        var rows = lockRow
            ? db.Patients.FromSql($"SELECT * FROM patients WHERE patient_id_index = {patientIdIndex} AND issuer_of_patient_id = {candidate.IssuerOfPatientId} FOR UPDATE")
            : db.Patients.FromSql($"SELECT * FROM patients WHERE patient_id_index = {patientIdIndex} AND issuer_of_patient_id = {candidate.IssuerOfPatientId}");
        return (await rows.ToListAsync(cancellationToken).ConfigureAwait(false)).Single();
    }
}
