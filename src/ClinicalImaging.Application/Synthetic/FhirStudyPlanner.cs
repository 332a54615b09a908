using System.Globalization;
using System.Text.Json;
using ClinicalImaging.Application.Fhir;
using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Application.Fhir.Terminology;
using DicomUid = ClinicalImaging.Domain.Studies.DicomUid;

namespace ClinicalImaging.Application.Synthetic;

/// <summary>An ImagingStudy and, where it could be found, the Patient it is about.</summary>
public sealed record FhirStudy(ImagingStudy Study, Patient? Patient);

/// <summary>
/// FHIR input of the generator: ImagingStudy and Patient resources (a Bundle, or single resources) turned into
/// <see cref="StudyPlan"/>s. What FHIR gives (UIDs, series, modalities, body sites, counts, the patient) is kept;
/// what it leaves open is derived from the seed.
/// </summary>
public sealed class FhirStudyPlanner(SyntheticStudyGenerator generator, int seed)
{
    /// <summary>The ImagingStudy resources of a Bundle (or one ImagingStudy), each with its subject Patient from the same Bundle.</summary>
    public static IReadOnlyList<FhirStudy> ReadStudies(JsonElement json)
    {
        var resources = FhirJson.ResourceTypeOf(json) switch
        {
            "Bundle" => json.TryGetProperty("entry", out var entries) && entries.ValueKind == JsonValueKind.Array
                ? entries.EnumerateArray().Select(e => (FullUrl: e.TryGetProperty("fullUrl", out var url) ? url.GetString() : null, Resource: e.TryGetProperty("resource", out var r) ? r : default)).ToList()
                : [],
            "ImagingStudy" => [(FullUrl: (string?)null, Resource: json)],
            var other => throw new FhirFormatException($"expected a Bundle or an ImagingStudy, found {other ?? "no resourceType"}"),
        };

        var patients = new Dictionary<string, Patient>(StringComparer.Ordinal);
        foreach (var (fullUrl, resource) in resources.Where(r => FhirJson.ResourceTypeOf(r.Resource) == nameof(Patient)))
        {
            var patient = FhirJson.Deserialize<Patient>(resource);
            patients[$"Patient/{patient.Id}"] = patient;
            if (fullUrl is not null)
            {
                patients[fullUrl] = patient;
            }
        }

        return resources
            .Where(r => FhirJson.ResourceTypeOf(r.Resource) == nameof(ImagingStudy))
            .Select(r => FhirJson.Deserialize<ImagingStudy>(r.Resource))
            .Select(study => new FhirStudy(study, SubjectOf(study, patients)))
            .ToList();
    }

    /// <summary>The patient the study's subject refers to: a contained one, or one of <paramref name="patients"/> by reference or full URL.</summary>
    public static Patient? SubjectOf(ImagingStudy study, IReadOnlyDictionary<string, Patient> patients)
    {
        ArgumentNullException.ThrowIfNull(study);
        var target = study.Subject.Target;
        if (target is null)
        {
            return null;
        }

        if (target.StartsWith('#'))
        {
            return study.Contained?.OfType<Patient>().FirstOrDefault(p => p.Id == target[1..]);
        }

        return patients.GetValueOrDefault(target)
            ?? patients.FirstOrDefault(p => p.Key.EndsWith("/" + target, StringComparison.Ordinal)).Value;
    }

    /// <param name="maxInstancesPerSeries">A cap on instances per series (FHIR counts can be in the thousands); null for none.</param>
    public StudyPlan Plan(FhirStudy input, int? maxInstancesPerSeries = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var study = input.Study;
        var key = study.Id ?? StudyUidOf(study) ?? generator.DeriveUid("study", seed.ToString(CultureInfo.InvariantCulture));
        var studyUid = StudyUidOf(study) ?? generator.DeriveUid("study", key);
        var series = (study.Series is { Count: > 0 } listed
                ? listed.Select((s, i) => (Fhir: (ImagingStudySeries?)s, Modality: s.Modality.Code, Index: i))
                : (study.Modality ?? [new Coding(FhirCodeSystems.Dicom, "CT")]).Select((m, i) => (Fhir: (ImagingStudySeries?)null, Modality: m.Code, Index: i)))
            .Select(s =>
            {
                var profile = ModalityProfile.For(s.Modality)
                    ?? throw new FhirFormatException($"ImagingStudy {key}: modality {s.Modality ?? "(none)"} is not one the generator makes ({string.Join(", ", ModalityProfile.All.Select(p => p.Modality))})");
                var count = s.Fhir?.NumberOfInstances ?? s.Fhir?.Instance?.Count ?? profile.DefaultInstances;
                count = Math.Max(1, maxInstancesPerSeries is { } cap ? Math.Min(count, cap) : count);
                var seriesUid = s.Fhir?.Uid is { } uid && DicomUid.TryParse(uid, out _, out _) ? uid : generator.DeriveUid(studyUid, "series", s.Index.ToString(CultureInfo.InvariantCulture));
                return new SeriesPlan(
                    seriesUid,
                    s.Fhir?.Number ?? (s.Index + 1),
                    profile,
                    s.Fhir?.Description,
                    BodyPartOf(s.Fhir?.BodySite) ?? profile.DefaultBodyPart,
                    LateralityOf(s.Fhir?.Laterality),
                    count,
                    s.Fhir?.Instance?.Select(i => i.Uid).Where(u => DicomUid.TryParse(u, out _, out _)).ToList() ?? []);
            })
            .ToList();

        return new StudyPlan(
            key,
            studyUid,
            PatientOf(input, key),
            StartedOf(study.Started) ?? new DateTime(2024, 1, 1, 8, 0, 0, DateTimeKind.Unspecified).AddDays(SyntheticStudyGenerator.StableHash(seed, key) % 365).AddMinutes(SyntheticStudyGenerator.StableHash(seed, key) % 600),
            study.Identifier?.FirstOrDefault(i => i.Type?.Coding?.Any(c => c.Code == "ACSN") == true)?.Value is { Length: <= 16 } accession ? accession : null,
            study.Description,
            series);
    }

    private static string? StudyUidOf(ImagingStudy study) =>
        study.Identifier?.Where(i => i.Value?.StartsWith("urn:oid:", StringComparison.Ordinal) == true)
            .Select(i => i.Value!["urn:oid:".Length..])
            .FirstOrDefault(u => DicomUid.TryParse(u, out _, out _));

    private PatientPlan PatientOf(FhirStudy input, string key)
    {
        var patient = input.Patient;
        var subjectId = input.Study.Subject.Target?.Split('/')[^1].TrimStart('#');
        var id = patient?.Identifier?.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i.Value))?.Value
            ?? patient?.Id ?? subjectId ?? "SYN" + SyntheticStudyGenerator.StableHash(seed, key).ToString(CultureInfo.InvariantCulture);
        var name = patient?.Name is [var human, ..]
            ? string.Join('^', human.Family ?? string.Empty, string.Join(' ', human.Given ?? [])).TrimEnd('^')
            : input.Study.Subject.Display;
        var birth = patient?.BirthDate is { Length: 10 } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : (DateOnly?)null;
        var sex = patient?.Gender switch { "male" => "M", "female" => "F", "other" => "O", null => null, _ => null };
        return new PatientPlan(id.Length <= 64 ? id : id[..64], name, birth, sex);
    }

    private static DateTime? StartedOf(string? started) =>
        started is null ? null
        : DateTimeOffset.TryParse(started, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? (started.Length <= 10 ? value.Date.AddHours(8) : value.DateTime)
        : null;

    /// <summary>The Body Part Examined term of a SNOMED CT body site (PS3.16 Annex L), matched by code, else by meaning.</summary>
    private static string? BodyPartOf(Coding? bodySite) =>
        bodySite is null ? null
        : BodyPartExamined.All.Where(t => t.Value.Code == bodySite.Code).Select(t => t.Key).Order(StringComparer.Ordinal).FirstOrDefault()
            ?? BodyPartExamined.All.FirstOrDefault(t => string.Equals(t.Value.Display, bodySite.Display, StringComparison.OrdinalIgnoreCase)).Key;

    private static string? LateralityOf(Coding? laterality) => laterality?.Code switch
    {
        "24028007" or "419465000" => "R",
        "7771000" or "419161000" => "L",
        _ => laterality?.Display?.Trim().ToUpperInvariant() switch { "RIGHT" or "R" => "R", "LEFT" or "L" => "L", _ => null },
    };
}
