using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>
/// Writers of a study's hierarchy serialise on its patient row (decision 0004). A study's patient changes only by
/// reconciliation, which locks the unidentified patient, moves the study and deletes that patient in one transaction
/// (decision 0811): a writer that read the old owner and then waited for its lock finds the row gone and looks again.
/// </summary>
internal static class StudyOwners
{
    /// <summary>
    /// Locks (inside the caller's transaction) the patient row that owns the study and returns its key, or null when no
    /// such study exists. While the lock is held the study cannot move to another patient or be deleted by anyone else.
    /// </summary>
    public static async Task<Guid?> LockAsync(ClinicalImagingDbContext db, DicomUid studyInstanceUid, CancellationToken cancellationToken)
    {
        while (true)
        {
            var owner = await OwnerOf(db, studyInstanceUid, cancellationToken).ConfigureAwait(false);
            if (owner is null)
            {
                return null;
            }

            var locked = await db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM patients WHERE id = {owner.Value} FOR UPDATE")
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            // Each retry follows a committed reconciliation or deletion of this study: at most a few rounds.
            if (locked.Count == 1 && await OwnerOf(db, studyInstanceUid, cancellationToken).ConfigureAwait(false) == owner)
            {
                return owner;
            }
        }
    }

    private static Task<Guid?> OwnerOf(ClinicalImagingDbContext db, DicomUid studyInstanceUid, CancellationToken cancellationToken) =>
        db.Studies.AsNoTracking().Where(s => s.StudyInstanceUid == studyInstanceUid).Select(s => (Guid?)s.PatientKey)
            .FirstOrDefaultAsync(cancellationToken);
}
