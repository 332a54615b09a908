using System.Security.Cryptography;
using ClinicalImaging.Dicom;
using ClinicalImaging.IntegrationTests.Ingest;

namespace ClinicalImaging.IntegrationTests.Orthanc;

/// <summary>Patients whose studies no other test shares: pydicom's CT and MR samples under fresh UIDs and demographics.</summary>
internal sealed record TestPatient(string PatientId, string PatientName, DateOnly StudyDate)
{
    public static TestPatient Fresh(DateOnly studyDate)
    {
        var tag = Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        return new($"PID-{tag}", $"Orthanctest{tag}^Patient", studyDate);
    }

    /// <summary>A new study of <paramref name="instances"/> CT (or MR) images of this patient; returns each file's bytes.</summary>
    public (string StudyInstanceUid, IReadOnlyList<byte[]> Files) NewStudy(int instances, bool magneticResonance = false)
    {
        var studyUid = IngestFiles.NewUid();
        var seriesUid = IngestFiles.NewUid();
        var files = Enumerable.Range(1, instances).Select(number =>
        {
            using var file = DicomFile.Open(magneticResonance ? IngestFiles.MrSmall : IngestFiles.CtSmall);
            var ds = file.Dataset;
            ds.Set(DicomTags.StudyInstanceUID, studyUid);
            ds.Set(DicomTags.SeriesInstanceUID, seriesUid);
            ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.PatientID, PatientId);
            ds.Set(DicomTags.PatientName, PatientName);
            ds.Set(DicomTags.StudyDate, StudyDate.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
            ds.Set(DicomTags.InstanceNumber, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var output = new MemoryStream();
            file.Save(output);
            return output.ToArray();
        }).ToList();
        return (studyUid, files);
    }
}
