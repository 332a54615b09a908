namespace ClinicalImaging.Api.DicomWeb;

/// <summary>Absolute DICOMweb URLs of this server, built from the request (scheme, host and path base).</summary>
internal sealed class DicomWebUrls(HttpRequest request)
{
    public const string Root = "/dicomweb";

    private readonly string _root = $"{request.Scheme}://{request.Host}{request.PathBase}{Root}";

    public string Study(string study) => $"{_root}/studies/{Uri.EscapeDataString(study)}";

    public string Series(string study, string series) => $"{Study(study)}/series/{Uri.EscapeDataString(series)}";

    public string Instance(string study, string series, string instance) => $"{Series(study, series)}/instances/{Uri.EscapeDataString(instance)}";
}
