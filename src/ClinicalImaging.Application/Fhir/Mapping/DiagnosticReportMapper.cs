using System.Text;
using ClinicalImaging.Application.Fhir.Resources;

namespace ClinicalImaging.Application.Fhir.Mapping;

/// <summary>A signed (or draft) radiology report and the AI findings it rests on, as the FHIR mapping needs them.</summary>
/// <param name="Status">FHIR DiagnosticReport status: preliminary, final, amended…</param>
public sealed record ReportSource(
    string ReportId,
    string Status,
    string StudyInstanceUid,
    string PatientResourceId,
    IReadOnlyList<ReportSection> Sections,
    string? Impression,
    string? SignerName,
    DateTimeOffset? SignedAt,
    IReadOnlyList<AiFindingSource> Findings);

public sealed record ReportSection(string Title, string Text);

/// <param name="Label">The model's label for the finding ("pneumothorax").</param>
/// <param name="Confidence">The model's probability, 0..1.</param>
/// <param name="Code">A coded form of the label, when the model's manifest gives one.</param>
public sealed record AiFindingSource(string Label, double Confidence, DicomCode? Code, string ModelId, DateTimeOffset? ProducedAt);

/// <summary>The report and one Observation per AI finding, which the report's <c>result</c> refers to.</summary>
public sealed record DiagnosticReportWithFindings(DiagnosticReport Report, IReadOnlyList<Observation> Findings);

/// <summary>Report → FHIR R4 DiagnosticReport (https://hl7.org/fhir/R4/diagnosticreport.html) with Observations.</summary>
public static class DiagnosticReportMapper
{
    /// <summary>LOINC 18748-4 "Diagnostic imaging study", the code of imaging reports.</summary>
    public static readonly Coding ImagingReportCode = new(FhirCodeSystems.Loinc, "18748-4", "Diagnostic imaging study");

    public static DiagnosticReportWithFindings ToDiagnosticReport(ReportSource report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var subject = Reference.To($"Patient/{report.PatientResourceId}");
        var study = Reference.To($"ImagingStudy/{report.StudyInstanceUid}");
        var findings = report.Findings.Select((finding, index) => new Observation
        {
            Id = $"{report.ReportId}-finding-{index + 1}",
            // A finding is final only once a radiologist has signed the report it belongs to.
            Status = report.Status is "final" or "amended" ? "final" : "preliminary",
            Category = [CodeableConcept.Of(new Coding(FhirCodeSystems.ObservationCategory, "imaging", "Imaging"))],
            Code = ConceptOf(finding),
            Subject = subject,
            DerivedFrom = [study],
            EffectiveDateTime = finding.ProducedAt is { } produced ? FhirDates.Instant(produced) : null,
            ValueQuantity = new Quantity((decimal)Math.Round(Math.Clamp(finding.Confidence, 0, 1), 4), "probability", FhirCodeSystems.Ucum, "1"),
            Method = new CodeableConcept(null, $"AI model {finding.ModelId}"),
            Device = Reference.To(null, finding.ModelId),
        }).ToList();

        var diagnosticReport = new DiagnosticReport
        {
            Id = report.ReportId,
            Status = report.Status,
            Category = [CodeableConcept.Of(new Coding(FhirCodeSystems.DiagnosticServiceSection, "RAD", "Radiology"))],
            Code = CodeableConcept.Of(ImagingReportCode),
            Subject = subject,
            Issued = report.SignedAt is { } signed ? FhirDates.Instant(signed) : null,
            ResultsInterpreter = report.SignerName is { Length: > 0 } signer ? [Reference.To(null, signer)] : null,
            Result = ImagingStudyMapper.NullIfEmpty(findings.Select(f => Reference.To($"Observation/{f.Id}")).ToList()),
            ImagingStudy = [study],
            Conclusion = string.IsNullOrWhiteSpace(report.Impression) ? null : report.Impression,
            ConclusionCode = ImagingStudyMapper.NullIfEmpty(report.Findings.Where(f => f.Code is not null).Select(ConceptOf).DistinctBy(c => c.Coding![0].Code).ToList()),
            PresentedForm = report.Sections.Count == 0 ? null : [PresentedForm(report.Sections)],
        };
        return new DiagnosticReportWithFindings(diagnosticReport, findings);
    }

    private static CodeableConcept ConceptOf(AiFindingSource finding) =>
        finding.Code is { } code ? code.ToCodeableConcept() with { Text = finding.Label } : new CodeableConcept(null, finding.Label);

    /// <summary>The report's sections as plain UTF-8 text ("TITLE:" line, then the text), base64 as FHIR attachments carry data.</summary>
    private static Attachment PresentedForm(IReadOnlyList<ReportSection> sections)
    {
        var text = new StringBuilder();
        foreach (var section in sections)
        {
            text.Append(section.Title.ToUpperInvariant()).Append(":\n").Append(section.Text.Trim()).Append("\n\n");
        }

        return new Attachment("text/plain; charset=utf-8", Convert.ToBase64String(Encoding.UTF8.GetBytes(text.ToString().TrimEnd())), "Radiology report");
    }
}
