using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Application.Fhir.Terminology;
using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Reports;
using ClinicalImaging.Domain.Reviews;

namespace ClinicalImaging.Application.Fhir.Mapping;

/// <summary>A stored signed report as the DiagnosticReport mapping's <see cref="ReportSource"/>.</summary>
public static class SignedReportSource
{
    /// <summary>
    /// Revision 1 is <c>final</c>, every amendment <c>amended</c>. The AI findings of the study are the report's
    /// results; what the radiologist confirmed (agreed labels, or the corrected ones) is its coded conclusion.
    /// </summary>
    public static ReportSource From(SignedReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var findings = report.AiResults
            .SelectMany(result => result.Findings.Select(finding => new AiFindingSource(
                AiFindingCodes.Of(finding.Label), finding.Confidence, result.ModelId, result.CompletedAt, ReviewText(result.Verdict))))
            .ToList();
        var conclusions = report.AiResults
            .Where(result => result.Verdict is not null)
            .SelectMany(result => result.Verdict!.Decision == ReviewDecision.Agree
                ? result.Findings.Where(f => f.Severity > TriagePriority.Normal).Select(f => f.Label)
                : result.Verdict.CorrectedLabels)
            .Select(AiFindingCodes.Of)
            .ToList();
        return new ReportSource(
            report.OrderId.ToString(),
            report.Revision,
            report.Revision == 1 ? "final" : "amended",
            report.StudyInstanceUid,
            Reference.To($"Patient/{report.PatientKey}", PatientMapper.HumanNameOf(report.PatientName)?.Text),
            Sections(report.Sections),
            report.Sections.Impression,
            report.SignedBy,
            report.SignedAt,
            findings,
            conclusions);
    }

    private static List<ReportSection> Sections(ReportSections sections)
    {
        var list = new List<ReportSection>(5);
        Add("Technique", sections.Technique);
        Add("Comparison", sections.Comparison);
        Add("Findings", sections.Findings);
        Add("Impression", sections.Impression);
        if (sections.CriticalFinding)
        {
            list.Add(new ReportSection("Critical finding", "Yes: the referring clinician is notified."));
        }

        return list;

        void Add(string title, string? text)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                list.Add(new ReportSection(title, text));
            }
        }
    }

    private static string? ReviewText(ReviewVerdict? verdict) => verdict?.Decision switch
    {
        null => null,
        ReviewDecision.Agree => "The radiologist agreed with this AI result.",
        ReviewDecision.Disagree => $"The radiologist disagreed with this AI result and read {Labels(verdict.CorrectedLabels, "no finding")}.",
        _ => $"The radiologist corrected this AI result to {Labels(verdict.CorrectedLabels, "the marked regions")}.",
    };

    private static string Labels(IReadOnlyList<string> labels, string none) => labels.Count == 0 ? none : string.Join(", ", labels);
}
