namespace ClinicalImaging.Application.Reports;

/// <summary>Settings of the reporting feature (section <c>Reporting</c>).</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";

    /// <summary>How soon a critical finding must be acknowledged by the referring clinician; 30 minutes unless set.</summary>
    public TimeSpan CriticalFindingAcknowledgementTarget { get; set; } = Domain.Reports.CriticalFindingNotification.DefaultTarget;
}
