using System.Text;
using ClinicalImaging.Application.Fhir.Resources;

namespace ClinicalImaging.Application.Fhir.Mapping;

/// <summary>One version of a radiology report and the AI findings it rests on, as the FHIR mapping needs them.</summary>
/// <param name="ReportId">The DiagnosticReport's id (stable across amendments).</param>
/// <param name="Revision">The version (1 the original, then one per amendment); null for an unversioned report.</param>
/// <param name="Status">FHIR DiagnosticReport status: preliminary, final, amended…</param>
/// <param name="StudyInstanceUid">The reported study; null when the order has no images.</param>
/// <param name="Conclusions">What the radiologist concluded in coded form (conclusionCode).</param>
public sealed record ReportSource(
    string ReportId,
    int? Revision,
    string Status,
    string? StudyInstanceUid,
    Reference Subject,
    IReadOnlyList<ReportSection> Sections,
    string? Impression,
    string? SignerName,
    DateTimeOffset? SignedAt,
    IReadOnlyList<AiFindingSource> Findings,
    IReadOnlyList<CodedLabel> Conclusions);

public sealed record ReportSection(string Title, string Text);

/// <summary>A finding's label ("pneumothorax") and its code, when the terminology knows one.</summary>
public sealed record CodedLabel(string Label, DicomCode? Code);

/// <param name="Finding">The model's label for the finding and its code.</param>
/// <param name="Confidence">The model's probability, 0..1.</param>
/// <param name="Review">What the radiologist made of the AI result, in words; null when unreviewed (the Observation then stays preliminary).</param>
public sealed record AiFindingSource(CodedLabel Finding, double Confidence, string ModelId, DateTimeOffset? ProducedAt, string? Review);

/// <summary>
/// Report → FHIR R4 DiagnosticReport (https://hl7.org/fhir/R4/diagnosticreport.html). The AI findings are contained
/// Observations that <c>result</c> refers to as <c>#finding-n</c>: they exist only as part of the report, so every
/// read and every search entry is complete without a second request (decision 1205).
/// </summary>
public static class DiagnosticReportMapper
{
    /// <summary>LOINC 18748-4 "Diagnostic imaging study", the code of imaging reports.</summary>
    public static readonly Coding ImagingReportCode = new(FhirCodeSystems.Loinc, "18748-4", "Diagnostic imaging study");

    public static DiagnosticReport ToDiagnosticReport(ReportSource report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Reference[]? study = report.StudyInstanceUid is { } uid ? [Reference.To($"ImagingStudy/{uid}")] : null;
        var findings = report.Findings.Select((finding, index) => new Observation
        {
            Id = $"finding-{index + 1}",
            // A model's finding is final only once a radiologist has reviewed it and signed the report it belongs to.
            Status = report.Status is "final" or "amended" && finding.Review is not null ? "final" : "preliminary",
            Category = [CodeableConcept.Of(new Coding(FhirCodeSystems.ObservationCategory, "imaging", "Imaging"))],
            Code = ConceptOf(finding.Finding),
            Subject = report.Subject,
            DerivedFrom = study,
            EffectiveDateTime = finding.ProducedAt is { } produced ? FhirDates.Instant(produced) : null,
            ValueQuantity = new Quantity((decimal)Math.Round(Math.Clamp(finding.Confidence, 0, 1), 4), "probability", FhirCodeSystems.Ucum, "1"),
            Note = finding.Review is { Length: > 0 } review ? [new Annotation(review)] : null,
            Method = new CodeableConcept(null, $"AI model {finding.ModelId}"),
            Device = Reference.To(null, finding.ModelId),
        }).ToList();

        return new DiagnosticReport
        {
            Id = report.ReportId,
            Meta = report.Revision is { } revision
                ? new ResourceMeta(revision.ToString(System.Globalization.CultureInfo.InvariantCulture), report.SignedAt is { } at ? FhirDates.Instant(at) : null)
                : null,
            Contained = ImagingStudyMapper.NullIfEmpty<Resource>(findings),
            Status = report.Status,
            Category = [CodeableConcept.Of(new Coding(FhirCodeSystems.DiagnosticServiceSection, "RAD", "Radiology"))],
            Code = CodeableConcept.Of(ImagingReportCode),
            Subject = report.Subject,
            Issued = report.SignedAt is { } signed ? FhirDates.Instant(signed) : null,
            ResultsInterpreter = report.SignerName is { Length: > 0 } signer ? [Reference.To(null, signer)] : null,
            Result = ImagingStudyMapper.NullIfEmpty(findings.Select(f => Reference.To($"#{f.Id}")).ToList()),
            ImagingStudy = study,
            Conclusion = string.IsNullOrWhiteSpace(report.Impression) ? null : report.Impression,
            ConclusionCode = ImagingStudyMapper.NullIfEmpty(report.Conclusions.DistinctBy(c => c.Label).Select(ConceptOf).ToList()),
            PresentedForm = report.Sections.Count == 0 ? null : [PresentedForm(report.Sections)],
        };
    }

    private static CodeableConcept ConceptOf(CodedLabel finding) =>
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
