namespace ClinicalImaging.Application.Pacs;

/// <summary>
/// How far the change-feed import has read a PACS's change log, kept durably so that a restart of either side
/// resumes where it stopped. One cursor per <see cref="IPacsClient.Source"/>.
/// </summary>
public interface IPacsChangeCursorStore
{
    /// <summary>The last sequence number fully handled; 0 when the source was never read.</summary>
    Task<long> GetAsync(string source, CancellationToken cancellationToken);

    Task SaveAsync(string source, long sequence, CancellationToken cancellationToken);
}
