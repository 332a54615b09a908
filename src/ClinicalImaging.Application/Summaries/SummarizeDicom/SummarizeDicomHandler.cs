using System.Text.Json;
using System.Text.Json.Serialization;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Application.Summaries.SummarizeDicom;

/// <summary>
/// Writes the summary with the configured language model when there is one, within a time limit, and falls back to the
/// deterministic local summary when it is absent, fails or is slow: a summary is always answered.
/// </summary>
public sealed partial class SummarizeDicomHandler(
    IOptions<SummaryOptions> options,
    ILogger<SummarizeDicomHandler> logger,
    ISummaryLanguageModel? languageModel = null) : IRequestHandler<SummarizeDicomQuery, DicomSummary>
{
    public const string LocalWriter = "local";

    internal const string Instructions =
        "You write short clinical summaries of single DICOM imaging objects for radiologists and referring clinicians. " +
        "Use only the facts in the JSON analysis you are given; never invent findings, diagnoses or values. State the " +
        "modality and anatomy in words, the dates, image dimensions and spacing, the acquisition parameters, contrast and " +
        "cardiac gating when they are present. Answer in plain text of at most 150 words, without headings or lists.";

    private static readonly JsonSerializerOptions PromptJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<DicomSummary> Handle(SummarizeDicomQuery request, CancellationToken cancellationToken)
    {
        var analysis = DicomAnalyzer.Analyze(request.File);
        var local = LocalSummaryWriter.Write(analysis);
        if (languageModel is null)
        {
            SummaryMetrics.Record(LocalWriter, "ok");
            return new DicomSummary(local, LocalWriter, null, analysis);
        }

        var prompt = JsonSerializer.Serialize(options.Value.SendIdentifiableDetails ? analysis : Deidentified(analysis), PromptJson);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.LanguageModelTimeout);
        string reason;
        try
        {
            var text = (await languageModel.SummariseAsync(Instructions, prompt, deadline.Token).ConfigureAwait(false)).Trim();
            if (text.Length > 0)
            {
                SummaryMetrics.Record("language-model", "ok");
                return new DicomSummary(text, languageModel.Name, null, analysis);
            }

            reason = "the language model answered with no text";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            reason = $"the language model did not answer within {options.Value.LanguageModelTimeout.TotalSeconds:0.#} s";
        }
        catch (Exception exception) when (exception is SummaryLanguageModelException or HttpRequestException)
        {
            reason = $"the language model failed: {exception.Message}";
        }

        LogFallback(logger, languageModel.Name, reason);
        SummaryMetrics.Record("language-model", "fallback");
        return new DicomSummary(local, LocalWriter, reason, analysis);
    }

    /// <summary>The analysis without dates, places, devices' names or free text; ages above 89 grouped (HIPAA Safe Harbor).</summary>
    internal static DicomAnalysis Deidentified(DicomAnalysis analysis)
    {
        const int OldestDisclosedAge = 89;
        var patient = analysis.Patient.AgeYears > OldestDisclosedAge
            ? analysis.Patient with { Age = "90 or more years", AgeYears = OldestDisclosedAge + 1 }
            : analysis.Patient;
        return analysis with
        {
            Patient = patient,
            Examination = analysis.Examination with
            {
                StudyDate = null,
                StudyTime = null,
                AcquisitionDateTime = null,
                StudyDescription = null,
                SeriesDescription = null,
                ProtocolName = null,
            },
            Equipment = analysis.Equipment with { InstitutionName = null, StationName = null, SoftwareVersions = null },
        };
    }

    // The provider's name and the reason only: the reason never quotes the prompt or the answer.
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Summary language model {Model} not used: {Reason}; answered with the local summary")]
    private static partial void LogFallback(ILogger logger, string model, string reason);
}
