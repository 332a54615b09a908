using ClinicalImaging.Dicom;

namespace ClinicalImaging.IntegrationTests.Ingest;

/// <summary>Real files from pydicom's corpus, and variants of them made with our writer for the refusal cases.</summary>
internal static class IngestFiles
{
    public static string CtSmall => Path.Combine(Pydicom.TestFiles, "CT_small.dcm");

    public static string MrSmall => Path.Combine(Pydicom.TestFiles, "MR_small.dcm");

    /// <summary>CT_small.dcm with the changes applied to its data set, written back in its own transfer syntax.</summary>
    public static byte[] CtSmallWith(Action<DicomDataset> change)
    {
        using var file = DicomFile.Open(CtSmall);
        change(file.Dataset);
        using var output = new MemoryStream();
        file.Save(output);
        return output.ToArray();
    }

    /// <summary>A fresh copy of CT_small.dcm under new study, series and instance UIDs (and so different bytes).</summary>
    public static byte[] NewCtInstance(string? studyUid = null, string? seriesUid = null, string? sopInstanceUid = null, string? patientId = null) =>
        CtSmallWith(ds =>
        {
            ds.Set(DicomTags.StudyInstanceUID, studyUid ?? NewUid());
            ds.Set(DicomTags.SeriesInstanceUID, seriesUid ?? NewUid());
            ds.Set(DicomTags.SOPInstanceUID, sopInstanceUid ?? NewUid());
            if (patientId is not null)
            {
                ds.Set(DicomTags.PatientID, patientId);
            }
        });

    public static string NewUid() => Testing.SampleInstances.NewUid();
}
