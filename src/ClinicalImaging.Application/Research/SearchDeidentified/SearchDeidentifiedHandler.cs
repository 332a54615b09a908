using System.Text.Json.Nodes;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.DicomWeb.Search;
using MediatR;

namespace ClinicalImaging.Application.Research.SearchDeidentified;

/// <summary>
/// Translates the pseudonymous scope and UID keys to the archive's UIDs, refuses matching on anything the
/// de-identification changes (matching on an original date or name would disclose it), searches with the patient's
/// identifiers (the de-identifier needs them to derive the pseudonym and the date offset), then de-identifies each
/// result and returns the attributes asked for.
/// </summary>
public sealed class SearchDeidentifiedHandler(IQidoSearch archive, ResearchUids uids, ResearchDeidentifier deidentifier)
    : IRequestHandler<SearchDeidentifiedQuery, SearchResult>
{
    private static readonly QidoAttribute[] PatientAttributes =
        [.. new[] { "PatientName", "PatientID", "PatientBirthDate" }.Select(k => QidoAttributes.Find(k)!)];

    public async Task<SearchResult> Handle(SearchDeidentifiedQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        deidentifier.EnsureConfigured();
        var nothing = new SearchResult([], []);
        var study = request.Scope.StudyInstanceUid is { } s ? await uids.OriginalAsync(QidoLevel.Study, s, cancellationToken) : null;
        var series = request.Scope.SeriesInstanceUid is { } r ? await uids.OriginalAsync(QidoLevel.Series, r, cancellationToken) : null;
        if ((request.Scope.StudyInstanceUid is not null && study is null) || (request.Scope.SeriesInstanceUid is not null && series is null))
        {
            return nothing;
        }

        var search = QidoParameters.Parse(request.Scope with { StudyInstanceUid = study, SeriesInstanceUid = series }, request.Parameters);
        var conditions = new List<QidoCondition>();
        foreach (var condition in search.Conditions)
        {
            if (condition is ValueListCondition { Attribute.Vr: "UI" } list)
            {
                var originals = new List<string>();
                foreach (var pseudonym in list.Values)
                {
                    if (await uids.OriginalAsync(LevelOf(list.Attribute), pseudonym, cancellationToken) is { } original)
                    {
                        originals.Add(original);
                    }
                }

                if (originals.Count == 0)
                {
                    return nothing;
                }

                conditions.Add(list with { Values = originals });
            }
            else if (condition.Attribute.Vr == "UI" || !deidentifier.KeepsUnchanged(condition.Attribute.Tag))
            {
                throw new RequestValidationException(new Dictionary<string, string[]>
                {
                    [condition.Attribute.Keyword] = [$"research searches match only attributes the de-identification keeps as they are, and UIDs by a list of pseudonyms; {condition.Attribute.Keyword} is changed by it"],
                });
            }
            else
            {
                conditions.Add(condition);
            }
        }

        var requested = search.ReturnAttributes.Select(a => a.TagKey).ToHashSet(StringComparer.Ordinal);
        var withPatient = search with
        {
            Conditions = conditions,
            ReturnAttributes = [.. search.ReturnAttributes, .. PatientAttributes.Where(a => !requested.Contains(a.TagKey))],
        };
        var rows = await archive.SearchAsync(withPatient, cancellationToken).ConfigureAwait(false);
        var matches = rows.Select(row =>
        {
            var match = QidoResults.Build(withPatient, row);
            var shown = match.Attributes.Select(p => p.Key).Where(tag => requested.Contains(tag) || search.ReturnWholeHeader && !PatientAttributes.Any(a => a.TagKey == tag))
                .ToHashSet(StringComparer.Ordinal);
            var deidentified = deidentifier.Deidentify(match.Attributes);
            var attributes = new JsonObject();
            foreach (var (tag, element) in deidentified.Where(p => shown.Contains(p.Key)).ToList())
            {
                deidentified.Remove(tag);
                attributes[tag] = element;
            }

            var pseudonyms = deidentifier.Pseudonyms;
            return new QidoMatch(
                pseudonyms.Uid(match.StudyInstanceUid),
                match.SeriesInstanceUid is null ? null : pseudonyms.Uid(match.SeriesInstanceUid),
                match.SopInstanceUid is null ? null : pseudonyms.Uid(match.SopInstanceUid),
                attributes);
        }).ToList();
        return new SearchResult(matches, search.Warnings);
    }

    private static QidoLevel LevelOf(QidoAttribute uid) => uid.Keyword switch
    {
        "StudyInstanceUID" => QidoLevel.Study,
        "SeriesInstanceUID" => QidoLevel.Series,
        _ => QidoLevel.Instance,
    };
}
