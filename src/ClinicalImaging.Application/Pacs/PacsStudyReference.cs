using System.Text.RegularExpressions;
using ClinicalImaging.Application.Common.Exceptions;

namespace ClinicalImaging.Application.Pacs;

/// <summary>
/// How routes name a study in the PACS: by the PACS's own id (Orthanc's is five dash-separated groups of 8 hexadecimal
/// digits) or by its Study Instance UID (digits and dots, never such a group), so the two cannot be confused.
/// </summary>
public static partial class PacsStudyReference
{
    public static bool IsPacsId(string reference) => PacsId().IsMatch(reference);

    /// <summary>The PACS's id of the study; <see cref="NotFoundException"/> when the PACS has no study with that UID.</summary>
    public static async Task<string> ResolveAsync(IPacsClient pacs, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pacs);
        ArgumentNullException.ThrowIfNull(reference);
        return IsPacsId(reference)
            ? reference
            : await pacs.FindStudyIdAsync(reference, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("PACS study", reference);
    }

    [GeneratedRegex("^[0-9a-f]{8}(-[0-9a-f]{8}){4}$", RegexOptions.CultureInvariant)]
    private static partial Regex PacsId();
}
