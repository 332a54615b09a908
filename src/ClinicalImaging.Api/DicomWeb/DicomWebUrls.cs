namespace ClinicalImaging.Api.DicomWeb;

/// <summary>Absolute DICOMweb URLs of this server, built from the request (scheme, host and path base), under the archive's root or another (research's).</summary>
internal sealed class DicomWebUrls(HttpRequest request, string root = DicomWebUrls.Root)
{
    public const string Root = "/dicomweb";

    private readonly string _root = $"{request.Scheme}://{request.Host}{request.PathBase}{root}";

    public string Study(string study) => $"{_root}/studies/{Uri.EscapeDataString(study)}";

    public string Series(string study, string series) => $"{Study(study)}/series/{Uri.EscapeDataString(series)}";

    public string Instance(string study, string series, string instance) => $"{Series(study, series)}/instances/{Uri.EscapeDataString(instance)}";
}
