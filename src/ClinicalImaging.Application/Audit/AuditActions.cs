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
    public const string AuditSearch = "audit.search";
    public const string ApiKeyCreate = "api-key.create";
    public const string ApiKeyList = "api-key.list";
    public const string ApiKeyRevoke = "api-key.revoke";
    public const string PacsStatusRead = "pacs.status.read";
    public const string PacsStudySearch = "pacs.study.search";
    public const string PacsStudyRead = "pacs.study.read";
    public const string PacsStudyDownload = "pacs.study.download";
    public const string PacsStudyImport = "pacs.study.import";
    public const string PacsModalityQuery = "pacs.modality.query";

    /// <summary>An authenticated caller was refused at an endpoint (HTTP 403).</summary>
    public const string AccessDenied = "access.denied";
}
