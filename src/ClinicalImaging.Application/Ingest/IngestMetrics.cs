using System.Diagnostics.Metrics;

namespace ClinicalImaging.Application.Ingest;

/// <summary>The ingest feature's meter: DICOM instances and bytes stored, by source and outcome.</summary>
public sealed class IngestMetrics : IDisposable
{
    public const string MeterName = "ClinicalImaging.Ingest";

    private readonly Meter _meter;
    private readonly Counter<long> _instances;
    private readonly Counter<long> _bytes;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _instances = _meter.CreateCounter<long>("dicom_instances_stored_total", unit: null, description: "DICOM instances received, by source and outcome");
        _bytes = _meter.CreateCounter<long>("dicom_stored_bytes_total", unit: "By", description: "Bytes of DICOM objects written to the blob store, by source");
    }

    /// <param name="source">How the object arrived: <c>upload</c>, <c>stow</c>, <c>pacs</c>, <c>import</c>.</param>
    /// <param name="outcome"><c>stored</c>, <c>duplicate</c> (same bytes again) or <c>rejected</c>.</param>
    /// <param name="bytesWritten">Bytes written to the blob store (0 unless stored).</param>
    public void RecordInstance(string source, string outcome, long bytesWritten)
    {
        var sourceTag = new KeyValuePair<string, object?>("source", source);
        _instances.Add(1, sourceTag, new KeyValuePair<string, object?>("outcome", outcome));
        if (bytesWritten > 0)
        {
            _bytes.Add(bytesWritten, sourceTag);
        }
    }

    public void Dispose() => _meter.Dispose();
}
