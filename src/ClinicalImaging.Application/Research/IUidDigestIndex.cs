using ClinicalImaging.Application.DicomWeb.Search;

namespace ClinicalImaging.Application.Research;

/// <summary>The archive's UIDs by the first 16 bytes of their SHA-256 (an index, migration 0014): how research pseudonyms are traced back.</summary>
public interface IUidDigestIndex
{
    /// <summary>The stored study, series or SOP instance UIDs (by <paramref name="level"/>) whose digest prefix is in the range.</summary>
    Task<IReadOnlyList<string>> FindUidsAsync(QidoLevel level, DigestPrefixRange range, CancellationToken cancellationToken);
}
