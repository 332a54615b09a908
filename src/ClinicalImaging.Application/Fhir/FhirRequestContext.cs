namespace ClinicalImaging.Application.Fhir;

/// <summary>The URLs a FHIR answer refers to, as the caller reached us.</summary>
/// <param name="FhirBaseUrl">The FHIR base (…/fhir): entries' fullUrl.</param>
/// <param name="DicomWebBaseUrl">Our DICOMweb root (…/dicomweb): the ImagingStudy's endpoint.</param>
/// <param name="SelfUrl">The request URL: a search Bundle's self link.</param>
public sealed record FhirRequestContext(string FhirBaseUrl, string DicomWebBaseUrl, string SelfUrl);
