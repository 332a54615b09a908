namespace ClinicalImaging.Application.Fhir;

/// <summary>The code system and identifier URIs our resources use (FHIR R4 terminology, DICOM PS3.16).</summary>
public static class FhirCodeSystems
{
    /// <summary>DICOM Controlled Terminology (PS3.16 Annex D): modalities and DICOM's own codes.</summary>
    public const string Dicom = "http://dicom.nema.org/resources/ontology/DCM";

    public const string SnomedCt = "http://snomed.info/sct";

    public const string Loinc = "http://loinc.org";

    public const string Ucum = "http://unitsofmeasure.org";

    /// <summary>Identifier system of DICOM UIDs, whose values are written <c>urn:oid:UID</c> (ImagingStudy, R4 §4.1).</summary>
    public const string DicomUid = "urn:dicom:uid";

    /// <summary>Identifier system for URIs, used for SOP Class UIDs as <c>urn:oid:UID</c>.</summary>
    public const string Uri = "urn:ietf:rfc:3986";

    /// <summary>v2 table 0203, identifier types: ACSN (accession number), MR (medical record number).</summary>
    public const string IdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203";

    /// <summary>v2 table 0074, diagnostic service sections: RAD (radiology).</summary>
    public const string DiagnosticServiceSection = "http://terminology.hl7.org/CodeSystem/v2-0074";

    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";

    public const string EndpointConnectionType = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type";

    /// <summary>The FHIR system of a DICOM Coding Scheme Designator (PS3.16 Table 8-1), or null for local schemes.</summary>
    public static string? ForCodingScheme(string? designator) => designator?.Trim().ToUpperInvariant() switch
    {
        "DCM" => Dicom,
        "SCT" => SnomedCt,
        "SRT" => "http://snomed.info/srt",
        "LN" => Loinc,
        "UCUM" => Ucum,
        "RADLEX" => "http://radlex.org",
        _ => null,
    };
}
