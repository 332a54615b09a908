using System.Diagnostics;
using System.Text.Json;
using ClinicalImaging.Application.Fhir;
using ClinicalImaging.Application.Fhir.Mapping;
using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Application.Fhir.Terminology;
using ClinicalImaging.Dicom;
using ClinicalImaging.Testing.Fhir;
using Xunit;

namespace ClinicalImaging.UnitTests.Fhir;

/// <summary>
/// Every kind of FHIR resource we produce, made from each of pydicom's test files that holds an image or document
/// (every modality among them), checked against the official FHIR R4 JSON schema, and checked against pydicom's
/// reading of the same files.
/// </summary>
public sealed class FhirResourceSchemaTests : IClassFixture<FhirResourceSchemaTests.Corpus>
{
    private const string TestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
    private static readonly FhirMappingContext Context = new("https://pacs.example.org/dicomweb", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

    private readonly Corpus _corpus;

    public FhirResourceSchemaTests(Corpus corpus) => _corpus = corpus;

    [Fact]
    public void Every_resource_made_from_the_pydicom_test_files_validates_against_the_FHIR_R4_schema()
    {
        Assert.True(_corpus.Results.Count >= _corpus.Written, "every written resource was validated");
        Assert.Null(FhirSchemaValidator.Failures(_corpus.Results));
    }

    [Fact]
    public void The_files_cover_every_modality_of_the_test_corpus()
    {
        var modalities = _corpus.Studies.Values.SelectMany(s => s.Modality ?? []).Select(m => m.Code).ToHashSet();

        Assert.Superset(new HashSet<string?> { "CT", "MR", "US", "RTPLAN", "RTDOSE" }, modalities);
        Assert.Equal(_corpus.Oracle.Values.Select(o => o.Modality.Length == 0 ? "OT" : o.Modality).ToHashSet(), modalities!);
    }

    [Fact]
    public void Study_series_and_instance_uids_and_sop_classes_are_pydicoms()
    {
        foreach (var (path, expected) in _corpus.Oracle)
        {
            var study = _corpus.Studies[path];
            var series = Assert.Single(study.Series!);
            var instance = Assert.Single(series.Instance!);

            Assert.Equal(expected.Study, study.Id);
            Assert.Contains(study.Identifier!, i => i.System == FhirCodeSystems.DicomUid && i.Value == "urn:oid:" + expected.Study);
            Assert.Equal(expected.Series, series.Uid);
            Assert.Equal(expected.Sop, instance.Uid);
            Assert.Equal("urn:oid:" + expected.SopClass, instance.SopClass.Code);
            Assert.Equal(expected.Modality.Length == 0 ? "OT" : expected.Modality, series.Modality.Code);
            Assert.Equal(expected.Accession.Length == 0 ? null : expected.Accession, study.Identifier!.SingleOrDefault(i => i.Type is not null)?.Value);
        }
    }

    [Fact]
    public void Body_part_examined_becomes_the_annex_L_snomed_code()
    {
        var withBodyPart = _corpus.Oracle.Where(o => BodyPartExamined.ToSnomedCt(o.Value.BodyPart) is not null).ToList();

        Assert.NotEmpty(withBodyPart);
        Assert.All(withBodyPart, o => Assert.Equal(BodyPartExamined.ToSnomedCt(o.Value.BodyPart), _corpus.Studies[o.Key].Series![0].BodySite));
        Assert.Equal(new Coding(FhirCodeSystems.SnomedCt, "816094009", "Chest"), BodyPartExamined.ToSnomedCt("chest "));
        Assert.Equal(new Coding(FhirCodeSystems.SnomedCt, "818981001", "Abdomen"), BodyPartExamined.ToSnomedCt("ABDOMEN"));
        Assert.Null(BodyPartExamined.ToSnomedCt("NOT A TERM"));
    }

    [Fact]
    public void A_study_read_back_from_its_json_equals_the_one_written()
    {
        var study = _corpus.Studies.Values.First(s => s.Series![0].BodySite is not null);

        var json = FhirJson.Serialize(study);
        var back = FhirJson.Deserialize<ImagingStudy>(JsonDocument.Parse(json).RootElement);

        Assert.StartsWith("{\"resourceType\":\"ImagingStudy\"", json, StringComparison.Ordinal);
        Assert.Equal(json, FhirJson.Serialize(back));
    }

    [Fact]
    public void Times_carry_the_offset_of_the_dicom_time_zone_and_dates_alone_stay_dates()
    {
        Assert.Equal("2024-01-15T09:30:05+01:00", FhirDates.DateTime(new DateOnly(2024, 1, 15), new TimeOnly(9, 30, 5, 250), Context.DicomTimeZone));
        Assert.Equal("2024-07-15T09:30:05+02:00", FhirDates.DateTime(new DateOnly(2024, 7, 15), new TimeOnly(9, 30, 5), Context.DicomTimeZone));
        Assert.Equal("2024-07-15", FhirDates.DateTime(new DateOnly(2024, 7, 15), null, Context.DicomTimeZone));
        Assert.Null(FhirDates.DateTime(null, new TimeOnly(9, 30), Context.DicomTimeZone));
    }

    [Fact]
    public void A_patient_without_identifying_data_keeps_only_its_id_and_gender()
    {
        var demographics = new PatientDemographics("PID-7", "HOSP", "Doe^Jane^Q^Dr^PhD", new DateOnly(1970, 3, 4), "F");

        var full = PatientMapper.ToPatient("p1", demographics, includeIdentifyingData: true);
        var redacted = PatientMapper.ToPatient("p1", demographics, includeIdentifyingData: false);

        Assert.Equal(new HumanName("Dr Jane Q Doe PhD", "Doe", ["Jane", "Q"], ["Dr"], ["PhD"]), full.Name![0], new HumanNameComparer());
        Assert.Equal(("PID-7", "HOSP"), (full.Identifier![0].Value, full.Identifier[0].Assigner!.Display));
        Assert.Equal("1970-03-04", full.BirthDate);
        Assert.Equal(new Patient { Id = "p1", Gender = "female" }, redacted);
    }

    [Fact]
    public void A_report_refers_to_its_study_and_to_one_contained_observation_per_ai_finding()
    {
        var report = DiagnosticReportMapper.ToDiagnosticReport(Corpus.SampleReport("1.2.3"));
        var findings = report.Contained!.Cast<Observation>().ToList();

        Assert.Equal(["ImagingStudy/1.2.3"], report.ImagingStudy!.Select(r => r.Target));
        Assert.Equal(findings.Select(f => $"#{f.Id}"), report.Result!.Select(r => r.Target));
        Assert.Equal(["pneumothorax"], report.ConclusionCode!.Select(c => c.Text));
        Assert.Equal("36118008", report.ConclusionCode![0].Coding![0].Code);
        Assert.Equal(("final", "preliminary"), (findings[0].Status, findings[1].Status)); // the second result was never reviewed
        Assert.Equal(("2", "amended"), (report.Meta!.VersionId, report.Status));
        Assert.Contains("IMPRESSION:\nSmall right apical pneumothorax.", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(report.PresentedForm![0].Data!)), StringComparison.Ordinal);
    }

    private sealed class HumanNameComparer : IEqualityComparer<HumanName>
    {
        public bool Equals(HumanName? x, HumanName? y) =>
            x is not null && y is not null && x.Text == y.Text && x.Family == y.Family
            && x.Given!.SequenceEqual(y.Given!) && x.Prefix!.SequenceEqual(y.Prefix!) && x.Suffix!.SequenceEqual(y.Suffix!);

        public int GetHashCode(HumanName obj) => obj.Text?.GetHashCode(StringComparison.Ordinal) ?? 0;
    }

    /// <summary>The resources made from the corpus, written to a folder and validated in one node run.</summary>
    public sealed class Corpus : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("fhir-schema-").FullName;

        public Corpus()
        {
            var files = Directory.GetFiles(TestFiles, "*.dcm").Order(StringComparer.Ordinal).ToArray();
            var oracle = ReadOracle(files);
            var studies = new Dictionary<string, ImagingStudy>();
            foreach (var path in oracle.Keys.ToList())
            {
                using var file = OpenHeader(path);
                if (file is null)
                {
                    oracle.Remove(path);
                    continue;
                }

                var ds = file.Dataset;
                var demographics = new PatientDemographics(ds.GetString(DicomTags.PatientID)?.Trim() ?? "", null,
                    ds.GetString(DicomTags.PatientName), SafeDate(ds), ds.GetString(DicomTags.PatientSex));
                var patient = PatientMapper.ToPatient("patient", demographics, includeIdentifyingData: true);
                var study = ImagingStudyMapper.ToImagingStudy(ImagingStudySource.FromDatasets([ds], Reference.To("#patient")), Context, [patient]);
                studies[path] = study;
                Write($"ImagingStudy-{Path.GetFileNameWithoutExtension(path)}", study);
                Write($"Patient-{Path.GetFileNameWithoutExtension(path)}", patient with { Id = "p-" + studies.Count });
            }

            Oracle = oracle;
            Studies = studies;
            Write("Bundle-searchset", FhirBundles.SearchSet(studies.Values.Take(5).ToList(), "https://pacs.example.org/fhir/ImagingStudy?patient=p1", "https://pacs.example.org/fhir"));
            Write("Bundle-empty", FhirBundles.SearchSet([], "https://pacs.example.org/fhir/ImagingStudy?identifier=x", "https://pacs.example.org/fhir"));
            Write("OperationOutcome", FhirBundles.Error("not-found", "ImagingStudy 1.2.3 was not found"));
            var report = DiagnosticReportMapper.ToDiagnosticReport(SampleReport(studies.Values.First().Id!));
            Write("DiagnosticReport", report);
            Write("DiagnosticReport-draft", DiagnosticReportMapper.ToDiagnosticReport(
                SampleReport("1.2.3") with { Revision = null, Status = "preliminary", SignedAt = null, SignerName = null, StudyInstanceUid = null, Findings = [], Conclusions = [] }));
            foreach (var finding in report.Contained!)
            {
                Write($"Observation-{finding.Id}", finding);
            }

            Results = FhirSchemaValidator.ValidateFolder(_folder);
        }

        public IReadOnlyDictionary<string, OracleValues> Oracle { get; }

        public IReadOnlyDictionary<string, ImagingStudy> Studies { get; }

        public IReadOnlyList<FhirSchemaValidator.Result> Results { get; }

        public int Written { get; private set; }

        public static ReportSource SampleReport(string studyUid) => new(
            "r-1",
            2,
            "amended",
            studyUid,
            Reference.To("Patient/p-1", "Jane Doe"),
            [new ReportSection("Findings", "Thin pleural line at the right apex."), new ReportSection("Impression", "Small right apical pneumothorax.")],
            "Small right apical pneumothorax.",
            "Dr. A. Radiologist",
            new DateTimeOffset(2026, 11, 22, 7, 0, 0, TimeSpan.Zero),
            [
                new AiFindingSource(new CodedLabel("pneumothorax", new DicomCode("36118008", "SCT", "Pneumothorax")), 0.91234, "chest-xray-demo",
                    new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero), "The radiologist agreed with this AI result."),
                new AiFindingSource(new CodedLabel("nodule", null), 0.12, "chest-xray-demo", null, null),
            ],
            [new CodedLabel("pneumothorax", new DicomCode("36118008", "SCT", "Pneumothorax"))]);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private void Write(string name, Resource resource)
        {
            File.WriteAllText(Path.Combine(_folder, name + ".json"), FhirJson.Serialize(resource));
            Written++;
        }

        // pydicom reads a few deliberately truncated files lazily; our reader refuses them, so they make no resource.
        private static DicomFile? OpenHeader(string path)
        {
            try
            {
                return DicomFile.Open(path, ClinicalImaging.Dicom.IO.DicomReadOptions.HeaderOnly);
            }
            catch (DicomParseException)
            {
                return null;
            }
        }

        private static DateOnly? SafeDate(DicomDataset ds)
        {
            try
            {
                return ds.GetDate(DicomTags.PatientBirthDate);
            }
            catch (DicomException)
            {
                return null;
            }
        }

        private static Dictionary<string, OracleValues> ReadOracle(string[] files)
        {
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fhir", "fhir_oracle.py"));
            foreach (var file in files)
            {
                start.ArgumentList.Add(file);
            }

            using var python = Process.Start(start)!;
            var output = python.StandardOutput.ReadToEnd();
            python.WaitForExit();
            return JsonSerializer.Deserialize<Dictionary<string, OracleValues>>(output, FhirJson.Options)!;
        }
    }

    public sealed record OracleValues(string Study, string Series, string Sop, string SopClass, string Modality, string BodyPart, string Laterality, string Accession);
}
