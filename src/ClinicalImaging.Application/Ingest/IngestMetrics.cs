using System.Diagnostics.Metrics;
using ClinicalImaging.Application.Common;

namespace ClinicalImaging.Application.Ingest;

/// <summary>
/// The ingest feature's meter (process-wide, see <see cref="ApplicationMetrics"/>): DICOM instances and bytes stored,
/// objects per index transaction.
/// </summary>
public static class IngestMetrics
{
    public const string MeterName = "ClinicalImaging.Ingest";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Instances =
        Meter.CreateCounter<long>("dicom_instances_stored_total", unit: null, description: "DICOM instances received, by source and outcome");

    private static readonly Counter<long> Bytes =
        Meter.CreateCounter<long>("dicom_stored_bytes_total", unit: "By", description: "Bytes of DICOM objects written to the blob store, by source");

    private static readonly Histogram<int> RegistrationGroups = Meter.CreateHistogram<int>(
        "ingest_registration_group_objects", unit: null, description: "Objects indexed per registration transaction, from one request or several (group commit)");

    /// <param name="source">How the object arrived: <c>upload</c>, <c>stow</c>, <c>pacs</c>, <c>import</c>.</param>
    /// <param name="outcome"><c>stored</c>, <c>duplicate</c> (same bytes again) or <c>rejected</c>.</param>
    /// <param name="bytesWritten">Bytes written to the blob store (0 unless stored).</param>
    public static void RecordInstance(string source, string outcome, long bytesWritten)
    {
        var sourceTag = new KeyValuePair<string, object?>("source", source);
        Instances.Add(1, sourceTag, new KeyValuePair<string, object?>("outcome", outcome));
        if (bytesWritten > 0)
        {
            Bytes.Add(bytesWritten, sourceTag);
        }
    }

    /// <summary>One registration transaction committed <paramref name="objects"/> objects.</summary>
    public static void RecordRegistrationGroup(int objects) => RegistrationGroups.Record(objects);
}
