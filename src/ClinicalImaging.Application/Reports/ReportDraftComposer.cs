using System.Globalization;
using System.Text;
using ClinicalImaging.Application.Reviews;
using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Reports;
using ClinicalImaging.Domain.Reviews;

namespace ClinicalImaging.Application.Reports;

/// <summary>
/// Writes a first draft from what is known before the radiologist types: the technique from the order, and one
/// findings line per reviewed AI result saying what the radiologist confirmed or corrected. The critical-finding flag
/// starts set when the radiologist agreed with a result that triage ranked critical; the radiologist can clear it.
/// The impression is left empty on purpose: it is the radiologist's conclusion, and a report cannot be signed without it.
/// </summary>
public static class ReportDraftComposer
{
    public static ReportSections Compose(ImagingOrder order, IReadOnlyList<ReviewedResult> reviewed)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(reviewed);
        var technique = string.Join(' ', new[] { order.Modality, order.BodyPart, order.Description }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var findings = new StringBuilder();
        foreach (var result in reviewed)
        {
            findings.Append(CultureInfo.InvariantCulture, $"{result.ModelId}: {Describe(result)}");
            if (!string.IsNullOrWhiteSpace(result.Verdict.Comments))
            {
                findings.Append(CultureInfo.InvariantCulture, $" {result.Verdict.Comments.Trim()}");
            }

            findings.AppendLine();
        }

        return new ReportSections(
            technique.Length == 0 ? null : technique,
            null,
            findings.Length == 0 ? null : findings.ToString().TrimEnd(),
            null,
            CriticalFinding: reviewed.Any(r => r.Priority == TriagePriority.Critical && r.Verdict.Decision == ReviewDecision.Agree));
    }

    private static string Describe(ReviewedResult result) => result.Verdict.Decision switch
    {
        ReviewDecision.Agree => result.AiPositiveLabels.Count == 0
            ? "no finding, confirmed by the radiologist."
            : $"{List(result.AiPositiveLabels)}, confirmed by the radiologist.",
        ReviewDecision.Disagree => $"AI findings ({List(result.AiPositiveLabels, "none")}) not confirmed; radiologist reads {List(result.Verdict.CorrectedLabels, "no finding")}.",
        _ => $"AI findings ({List(result.AiPositiveLabels, "none")}) corrected by the radiologist to {List(result.Verdict.CorrectedLabels, "the marked regions")}.",
    };

    private static string List(IReadOnlyList<string> labels, string empty = "") => labels.Count == 0 ? empty : string.Join(", ", labels);
}
