using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Application.DicomWeb.Search;

namespace ClinicalImaging.Application.Research;

/// <summary>Traces research pseudonyms back to the archive's UIDs: a pseudonym that is not one of ours, or of nothing stored, is unknown.</summary>
public sealed class ResearchUids(ResearchDeidentifier deidentifier, IUidDigestIndex index)
{
    public async Task<string?> OriginalAsync(QidoLevel level, string pseudonym, CancellationToken cancellationToken)
    {
        if (deidentifier.Pseudonyms.DigestPrefixOf(pseudonym) is not { } range)
        {
            return null;
        }

        var candidates = await index.FindUidsAsync(level, range, cancellationToken).ConfigureAwait(false);
        return candidates.FirstOrDefault(uid => string.Equals(deidentifier.Pseudonyms.Uid(uid), pseudonym, StringComparison.Ordinal));
    }

    /// <summary>The archive's scope behind a pseudonymous one; null when any of its UIDs is unknown.</summary>
    public async Task<InstanceScope?> OriginalAsync(InstanceScope pseudonymous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pseudonymous);
        var study = await OriginalAsync(QidoLevel.Study, pseudonymous.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
        var series = pseudonymous.SeriesInstanceUid is { } s ? await OriginalAsync(QidoLevel.Series, s, cancellationToken).ConfigureAwait(false) : null;
        var sop = pseudonymous.SopInstanceUid is { } i ? await OriginalAsync(QidoLevel.Instance, i, cancellationToken).ConfigureAwait(false) : null;
        return study is null || (pseudonymous.SeriesInstanceUid is not null && series is null) || (pseudonymous.SopInstanceUid is not null && sop is null)
            ? null
            : new InstanceScope(study, series, sop);
    }

    public StoredInstance Pseudonymous(StoredInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var pseudonyms = deidentifier.Pseudonyms;
        return instance with
        {
            StudyInstanceUid = pseudonyms.Uid(instance.StudyInstanceUid),
            SeriesInstanceUid = pseudonyms.Uid(instance.SeriesInstanceUid),
            SopInstanceUid = pseudonyms.Uid(instance.SopInstanceUid),
        };
    }
}
