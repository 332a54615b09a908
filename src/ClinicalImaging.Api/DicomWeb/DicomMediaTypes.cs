namespace ClinicalImaging.Api.DicomWeb;

/// <summary>The media types of PS3.18 §8.7 that this server reads or writes.</summary>
internal static class DicomMediaTypes
{
    public const string Dicom = "application/dicom";
    public const string DicomJson = "application/dicom+json";
    public const string Json = "application/json";
    public const string OctetStream = "application/octet-stream";
    public const string Png = "image/png";
    public const string MultipartRelated = "multipart/related";
    public const string MultipartFormData = "multipart/form-data";
    public const string Zip = "application/zip";
    public const string ZipLegacy = "application/x-zip-compressed";
}
