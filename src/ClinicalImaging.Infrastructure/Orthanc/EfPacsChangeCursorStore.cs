using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Pacs;
using ClinicalImaging.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Orthanc;

/// <summary>The change-feed cursors in PostgreSQL, one row per PACS; a save is one upsert, committed at once.</summary>
public sealed class EfPacsChangeCursorStore(ClinicalImagingDbContext db, IClock clock) : IPacsChangeCursorStore
{
    public async Task<long> GetAsync(string source, CancellationToken cancellationToken) =>
        await db.Set<PacsChangeCursorRecord>().AsNoTracking().Where(c => c.Source == source).Select(c => (long?)c.LastSequence)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? 0;

    public async Task SaveAsync(string source, long sequence, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        var now = clock.UtcNow;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO pacs_change_cursors (source, last_sequence, updated_at) VALUES ({source}, {sequence}, {now})
            ON CONFLICT (source) DO UPDATE SET last_sequence = excluded.last_sequence, updated_at = excluded.updated_at
            """,
            cancellationToken).ConfigureAwait(false);
    }
}
