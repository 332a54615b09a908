namespace ClinicalImaging.Application.Audit;

/// <summary>The action names stored in the audit trail: stable strings auditors filter by.</summary>
public static class AuditActions
{
    public const string StudyRead = "study.read";
    public const string InstanceSearch = "instance.search";
    public const string InstanceRegister = "instance.register";
    public const string InstanceStore = "instance.store";
    public const string ArchiveStore = "archive.store";
    public const string InstanceDownload = "instance.download";
    public const string InstanceRetrieve = "instance.retrieve";
    public const string MetadataRetrieve = "metadata.retrieve";
    public const string BulkDataRetrieve = "bulkdata.retrieve";
    public const string InstanceRender = "instance.render";
    public const string FramesRetrieve = "frames.retrieve";
    public const string FileAnalyze = "file.analyze";
    public const string FileSummarize = "file.summarize";
    public const string FileCompare = "file.compare";
    public const string DicomWebSearch = "dicomweb.search";
    public const string AuditSearch = "audit.search";
    public const string ApiKeyCreate = "api-key.create";
    public const string ApiKeyList = "api-key.list";
    public const string ApiKeyRevoke = "api-key.revoke";
    public const string AnalysisQueue = "analysis.queue";
    public const string InferenceResultsRead = "inference-results.read";
    public const string ExplanationImageRead = "explanation-image.read";
    public const string StudyPriorityOverride = "study.priority.override";
    public const string OrderSchedule = "order.schedule";
    public const string OrderRead = "order.read";
    public const string OrderSearch = "order.search";
    public const string OrderImagesRead = "order.images.read";
    public const string OrderStart = "order.start";
    public const string OrderComplete = "order.complete";
    public const string WorklistRead = "worklist.read";
    public const string ReviewRead = "review.read";
    public const string ReviewClaim = "review.claim";
    public const string ReviewRelease = "review.release";
    public const string ReviewDecide = "review.decide";
    public const string AnnotationCreate = "annotation.create";
    public const string AnnotationList = "annotation.list";
    public const string ReportDraft = "report.draft";
    public const string ReportEdit = "report.edit";
    public const string ReportSign = "report.sign";
    public const string ReportAmend = "report.amend";
    public const string ReportRead = "report.read";
    public const string CriticalFindingList = "critical-finding.list";
    public const string CriticalFindingAcknowledge = "critical-finding.acknowledge";
    public const string StudySearch = "study.search";
    public const string ResearchSearch = "research.search";
    public const string ResearchStudySearch = "research.study.search";
    public const string ResearchMetadataRetrieve = "research.metadata.retrieve";
    public const string ResearchInstanceRetrieve = "research.instance.retrieve";
    public const string StudyDownload = "study.download";
    public const string StudyImagesRead = "study-images.read";
    public const string InstanceRead = "instance.read";
    public const string PatientImagesRead = "patient-images.read";
    public const string InstanceDelete = "instance.delete";
    public const string StudyReconcile = "study.reconcile";
    public const string InferenceAnalyze = "inference.analyze";
    public const string FhirImagingStudyRead = "fhir.imaging-study.read";
    public const string FhirImagingStudySearch = "fhir.imaging-study.search";
    public const string FhirPatientRead = "fhir.patient.read";
    public const string FhirDiagnosticReportRead = "fhir.diagnostic-report.read";
    public const string FhirDiagnosticReportSearch = "fhir.diagnostic-report.search";
    public const string FhirDicomDescribe = "fhir.dicom-describe";
    public const string PacsStatusRead = "pacs.status.read";
    public const string PacsStudySearch = "pacs.study.search";
    public const string PacsStudyRead = "pacs.study.read";
    public const string PacsStudyDownload = "pacs.study.download";
    public const string PacsStudyImport = "pacs.study.import";
    public const string PacsModalityQuery = "pacs.modality.query";
    public const string PacsInstanceUpload = "pacs.instance.upload";
    public const string PacsStudyAnonymize = "pacs.study.anonymize";
    public const string PacsStudyModify = "pacs.study.modify";

    /// <summary>An authenticated caller was refused at an endpoint (HTTP 403).</summary>
    public const string AccessDenied = "access.denied";
}
