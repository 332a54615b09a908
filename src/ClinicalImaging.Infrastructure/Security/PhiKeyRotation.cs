using ClinicalImaging.Application.Audit;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.Infrastructure.Persistence;
using ClinicalImaging.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Security;

/// <summary>
/// Re-encrypts patient rows still written under an older key with the active key, and re-indexes rows whose blind index
/// and search tokens are under an older blind index key, in small transactions that skip rows a registration holds
/// (that registration rewrites them under the active keys itself). Searches match rows under every configured blind
/// index key meanwhile. Safe to run while the
/// service is up and to run again; each batch is audited in its own transaction. Rows without search tokens (written
/// before migration 0006) are rewritten too, which fills them.
/// </summary>
public sealed class PhiKeyRotation(ClinicalImagingDbContext db, IAuditTrail auditTrail)
{
    public const string AuditAction = "patient.reencrypt";

    public Task<int> CountStaleAsync(CancellationToken cancellationToken)
    {
        var (active, activeBlindIndex) = (db.Protector.ActiveKeyId, db.Protector.BlindIndexKeyId);
        return db.Patients.CountAsync(
            p => EF.Property<string>(p, PatientConfiguration.PhiKeyId) != active
                || EF.Property<string>(p, PatientConfiguration.BlindIndexKeyId) != activeBlindIndex
                || EF.Property<Guid[]>(p, PatientConfiguration.PhiSearchTokens).Length == 0,
            cancellationToken);
    }

    /// <returns>How many patient rows were re-encrypted and re-indexed.</returns>
    public async Task<int> ReencryptAsync(int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var (active, activeBlindIndex) = (db.Protector.ActiveKeyId, db.Protector.BlindIndexKeyId);
        var total = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var batch = await db.Patients
                .FromSql($"SELECT * FROM patients WHERE phi_key_id <> {active} OR blind_index_key_id <> {activeBlindIndex} OR cardinality(phi_search_tokens) = 0 ORDER BY id LIMIT {batchSize} FOR UPDATE SKIP LOCKED")
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                return total;
            }

            foreach (var patient in batch)
            {
                // Modified as a whole: every ciphertext of the row is rewritten under the active key.
                db.Entry(patient).State = EntityState.Modified;
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await auditTrail.RecordAsync(
                new AuditRecord(AuditAction, nameof(Patient), batch.Select(p => p.Id.ToString()).ToList(), AuditOutcome.Success), cancellationToken)
                .ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            total += batch.Count;
        }
    }
}
