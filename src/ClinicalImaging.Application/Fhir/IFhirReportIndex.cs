using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Reports;
using ClinicalImaging.Domain.Reviews;

namespace ClinicalImaging.Application.Fhir;

/// <summary>Signed radiology reports as the FHIR DiagnosticReport routes read them (drafts are never shown).</summary>
public interface IFhirReportIndex
{
    /// <summary>
    /// The current signed version of each report on the patient's orders (superseded versions left out), most
    /// recently signed first, <paramref name="count"/> from <paramref name="offset"/>, with the number of all matches.
    /// </summary>
    Task<FhirReportPage> FindCurrentAsync(Guid patientKey, int offset, int count, CancellationToken cancellationToken);

    /// <summary>The report on the order: its current signed version, or the signed or superseded <paramref name="revision"/>.</summary>
    Task<SignedReport?> GetAsync(Guid orderId, int? revision, CancellationToken cancellationToken);
}

public sealed record FhirReportPage(int Total, IReadOnlyList<SignedReport> Reports);

/// <summary>One signed version of the report on an order, with what FHIR refers to.</summary>
/// <param name="OrderId">The order; the DiagnosticReport's id (one report per order, amendments are its versions).</param>
/// <param name="StudyInstanceUid">The order's study; null when no image has been matched to the order.</param>
/// <param name="AiResults">The AI results of the order's study, oldest analysis first.</param>
public sealed record SignedReport(
    Guid OrderId,
    int Revision,
    ReportSections Sections,
    string SignedBy,
    DateTimeOffset SignedAt,
    Guid PatientKey,
    string? PatientName,
    string? StudyInstanceUid,
    IReadOnlyList<StoredAiResult> AiResults);

/// <param name="Verdict">The radiologist's final decision on the result; null while it is not reviewed to the end.</param>
/// <param name="Findings">The result's findings, most severe and most confident first.</param>
public sealed record StoredAiResult(string ModelId, DateTimeOffset CompletedAt, ReviewVerdict? Verdict, IReadOnlyList<StoredAiFinding> Findings);

public sealed record StoredAiFinding(string Label, float Confidence, TriagePriority Severity);
