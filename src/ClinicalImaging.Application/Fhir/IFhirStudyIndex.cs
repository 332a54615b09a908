using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Fhir;

/// <summary>The archive queries the FHIR searches need beyond <see cref="Common.Ports.IStudyStore"/>.</summary>
public interface IFhirStudyIndex
{
    /// <summary>Study Instance UIDs of the studies matching every given criterion, newest study date first.</summary>
    Task<IReadOnlyList<string>> FindStudyUidsAsync(FhirStudyCriteria criteria, int limit, CancellationToken cancellationToken);

    Task<PatientView?> GetPatientAsync(Guid patientKey, CancellationToken cancellationToken);
}

/// <summary>Search criteria; null means "any".</summary>
public sealed record FhirStudyCriteria(Guid? PatientKey, DicomUid? StudyInstanceUid, string? AccessionNumber);
