using ClinicalImaging.Application.Ingest.StoreInstance;
using ClinicalImaging.Dicom;

namespace ClinicalImaging.Api.DicomWeb;

/// <summary>The Store Instances Response (PS3.18 §10.5.3 and Annex I) and the one table from outcomes to HTTP status.</summary>
internal static class StoreResponse
{
    /// <summary>200 when every object was stored (or already was), 202 when some failed, 409 when none was stored.</summary>
    public static int StatusFor(IReadOnlyCollection<StoreInstanceResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var failed = results.Count(r => !r.Succeeded);
        return failed == 0 ? StatusCodes.Status200OK
            : failed < results.Count ? StatusCodes.Status202Accepted
            : StatusCodes.Status409Conflict;
    }

    /// <summary>
    /// RetrieveURL (0008,1190) of the study when the request named one or all stored objects share one; ReferencedSOPSequence
    /// (0008,1199) with each stored object's class, instance and RetrieveURL; FailedSOPSequence (0008,1198) with each
    /// failure's class and instance (when they could be read) and FailureReason (0008,1197).
    /// </summary>
    public static DicomDataset Build(IReadOnlyList<StoreInstanceResult> results, string? requestedStudy, DicomWebUrls urls)
    {
        ArgumentNullException.ThrowIfNull(results);
        var response = new DicomDataset();
        var stored = results.Where(r => r.Succeeded).ToList();
        var study = requestedStudy ?? (stored.Select(r => r.StudyInstanceUid).Distinct(StringComparer.Ordinal).ToList() is [{ } only] ? only : null);
        if (study is not null)
        {
            response.Set(DicomTags.RetrieveURL, urls.Study(study));
        }

        var failures = results.Where(r => !r.Succeeded).Select(r =>
        {
            var item = Referenced(r);
            item.Set(DicomTags.FailureReason, r.FailureReason!.Value);
            return item;
        }).ToList();
        if (failures.Count > 0)
        {
            response.Set(DicomTags.FailedSOPSequence, failures);
        }

        if (stored.Count > 0)
        {
            response.Set(DicomTags.ReferencedSOPSequence, stored.Select(r => Referenced(r)
                .Set(DicomTags.RetrieveURL, urls.Instance(r.StudyInstanceUid!, r.SeriesInstanceUid!, r.SopInstanceUid!))));
        }

        return response;
    }

    private static DicomDataset Referenced(StoreInstanceResult result)
    {
        var item = new DicomDataset();
        if (result.SopClassUid is { Length: > 0 } sopClass)
        {
            item.Set(DicomTags.ReferencedSOPClassUID, sopClass);
        }

        if (result.SopInstanceUid is { Length: > 0 } sopInstance)
        {
            item.Set(DicomTags.ReferencedSOPInstanceUID, sopInstance);
        }

        return item;
    }
}
