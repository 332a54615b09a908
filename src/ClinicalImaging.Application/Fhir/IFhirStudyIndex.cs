using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Fhir;

/// <summary>The archive queries the FHIR searches need beyond <see cref="Common.Ports.IStudyStore"/>.</summary>
public interface IFhirStudyIndex
{
    /// <summary>
    /// Study Instance UIDs of the studies matching every given criterion, newest study date first, <paramref name="count"/>
    /// from <paramref name="offset"/>, with the number of all matches.
    /// </summary>
    Task<FhirStudyPage> FindStudyUidsAsync(FhirStudyCriteria criteria, int offset, int count, CancellationToken cancellationToken);

    Task<PatientView?> GetPatientAsync(Guid patientKey, CancellationToken cancellationToken);
}

/// <summary>Search criteria; null means "any".</summary>
public sealed record FhirStudyCriteria(Guid? PatientKey, DicomUid? StudyInstanceUid, string? AccessionNumber);

public sealed record FhirStudyPage(int Total, IReadOnlyList<string> StudyInstanceUids);
