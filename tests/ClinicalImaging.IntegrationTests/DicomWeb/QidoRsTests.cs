using System.Net;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Dicom.Dictionary;
using ClinicalImaging.IntegrationTests.Security;
using Xunit;

namespace ClinicalImaging.IntegrationTests.DicomWeb;

/// <summary>QIDO-RS over a small archive stored through STOW-RS: each matching rule, each route, paging, includefield, access.</summary>
public sealed class QidoRsTests(QidoArchive archive) : IClassFixture<QidoArchive>
{
    /// <summary>All studies, newest first: the order every study search returns.</summary>
    private static readonly string[] AllStudies = ["jane", "jurgen", "john-2024", "john-2023", "robert"];

    [Fact]
    public async Task Study_search_without_keys_returns_every_study_newest_first()
    {
        Assert.Equal(AllStudies, await StudyKeysAsync("/dicomweb/studies"));
    }

    [Fact]
    public async Task Single_value_matching_finds_the_study_with_that_accession_number()
    {
        Assert.Equal(["john-2023"], await StudyKeysAsync("/dicomweb/studies?AccessionNumber=ACC-102"));
        Assert.Empty(await StudyKeysAsync("/dicomweb/studies?AccessionNumber=ACC-10"));
    }

    [Fact]
    public async Task Keywords_and_tags_name_the_same_matching_key()
    {
        Assert.Equal(await StudyKeysAsync("/dicomweb/studies?AccessionNumber=ACC-103"), await StudyKeysAsync($"/dicomweb/studies?{Tag("AccessionNumber")}=ACC-103"));
    }

    [Fact]
    public async Task A_list_of_UIDs_matches_any_of_them_with_comma_or_backslash()
    {
        var (jane, robert) = (QidoArchive.Study("jane").StudyUid, QidoArchive.Study("robert").StudyUid);

        Assert.Equal(["jane", "robert"], await StudyKeysAsync($"/dicomweb/studies?StudyInstanceUID={jane},{robert}"));
        Assert.Equal(["jane", "robert"], await StudyKeysAsync($"/dicomweb/studies?StudyInstanceUID={jane}%5C{robert}"));
    }

    [Theory]
    [InlineData("ACC-1*", new[] { "jane", "jurgen", "john-2024", "john-2023" })]
    [InlineData("ACC-10?", new[] { "jane", "john-2024", "john-2023" })]
    [InlineData("*-9", new[] { "robert" })]
    [InlineData("A?C*1?", new[] { "jurgen" })]
    public async Task Wild_cards_star_and_question_mark_match_runs_and_single_characters(string pattern, string[] expected)
    {
        Assert.Equal(expected, await StudyKeysAsync($"/dicomweb/studies?AccessionNumber={Uri.EscapeDataString(pattern)}"));
    }

    [Fact]
    public async Task A_lone_star_or_an_empty_value_matches_everything_and_returns_the_attribute()
    {
        var (_, results, _) = await archive.SearchAsync("/dicomweb/studies?StudyDescription=*&AccessionNumber=");

        Assert.Equal(AllStudies.Length, results.Length);
        Assert.All(results, r => Assert.True(r.TryGetProperty(Tag("StudyDescription"), out _)));
    }

    [Theory]
    [InlineData("20240101-20240131", new[] { "jurgen", "john-2024" })]
    [InlineData("-20231231", new[] { "john-2023", "robert" })]
    [InlineData("20240201-", new[] { "jane" })]
    [InlineData("20240115", new[] { "john-2024" })]
    public async Task Date_ranges_closed_open_and_single_dates_match_StudyDate(string range, string[] expected)
    {
        Assert.Equal(expected, await StudyKeysAsync($"/dicomweb/studies?StudyDate={range}"));
    }

    [Theory]
    [InlineData("0800-0959", new[] { "jane", "john-2024" })]
    [InlineData("23-", new[] { "jurgen" })]
    [InlineData("-12", new[] { "jane", "john-2024", "robert" })]
    [InlineData("143000", new[] { "john-2023" })]
    public async Task Time_ranges_cover_what_their_precision_says(string range, string[] expected)
    {
        Assert.Equal(expected, await StudyKeysAsync($"/dicomweb/studies?StudyTime={range}"));
    }

    [Fact]
    public async Task ModalitiesInStudy_matches_a_study_with_any_series_of_that_modality_and_lists_them_all()
    {
        var (_, results, _) = await archive.SearchAsync("/dicomweb/studies?ModalitiesInStudy=MR&StudyDate=20240101-");

        Assert.Equal(["jane", "john-2024"], Keys(results));
        var john = results.Single(r => QidoArchive.FirstValue(r, Tag("StudyInstanceUID")) == QidoArchive.Study("john-2024").StudyUid);
        Assert.Equal(["CT", "MR"], john.GetProperty(Tag("ModalitiesInStudy")).GetProperty("Value").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("2", QidoArchive.FirstValue(john, Tag("NumberOfStudyRelatedSeries")));
        Assert.Equal("3", QidoArchive.FirstValue(john, Tag("NumberOfStudyRelatedInstances")));
    }

    [Theory]
    [InlineData("Doe^John", new[] { "john-2024", "john-2023" })]
    [InlineData("doe^jane", new[] { "jane" })]
    [InlineData("MULLER^JURGEN", new[] { "jurgen" })]
    [InlineData("Doe", new string[0])]
    public async Task Patient_name_matches_whole_names_regardless_of_case_and_accents(string name, string[] expected)
    {
        Assert.Equal(expected, await StudyKeysAsync($"/dicomweb/studies?PatientName={Uri.EscapeDataString(name)}"));
    }

    [Theory]
    [InlineData("DOE^J*", new[] { "jane", "john-2024", "john-2023" })]
    [InlineData("D?E^JA*", new[] { "jane" })]
    [InlineData("Doe^J?hn", new[] { "john-2024", "john-2023" })]
    [InlineData("SM*", new[] { "robert" })]
    [InlineData("M*^*RGEN", new[] { "jurgen" })]
    [InlineData("D*^JANE", new[] { "jane" })]
    public async Task Patient_name_wild_cards_are_narrowed_by_the_index_and_verified_exactly(string pattern, string[] expected)
    {
        Assert.Equal(expected, await StudyKeysAsync($"/dicomweb/studies?PatientName={Uri.EscapeDataString(pattern)}"));
    }

    [Fact]
    public async Task A_patient_name_pattern_that_starts_with_a_wild_card_is_refused_with_a_reason()
    {
        var (status, _, response) = await archive.SearchAsync("/dicomweb/studies?PatientName=*OE");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("PatientName", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rupert", new[] { "robert" })]
    [InlineData("jo", new[] { "john-2024", "john-2023" })]
    [InlineData("jane doe", new[] { "jane", "john-2024", "john-2023" })] // JANE and JOHN share the Soundex key J500
    [InlineData("muler", new[] { "jurgen" })]
    [InlineData("smyth", new[] { "robert" })]
    public async Task Fuzzy_matching_finds_names_by_word_beginnings_and_by_sound(string query, string[] expected)
    {
        Assert.Equal(expected, await StudyKeysAsync($"/dicomweb/studies?PatientName={Uri.EscapeDataString(query)}&fuzzymatching=true"));
    }

    [Fact]
    public async Task Without_fuzzy_matching_a_word_beginning_is_not_a_match()
    {
        Assert.Empty(await StudyKeysAsync("/dicomweb/studies?PatientName=jo&fuzzymatching=false"));
    }

    [Theory]
    [InlineData("QIDO-001", new[] { "john-2024", "john-2023" })]
    [InlineData("QIDO-00*", new[] { "jane", "jurgen", "john-2024", "john-2023" })]
    [InlineData("QIDO-?04", new[] { "robert" })]
    [InlineData("qido-001", new string[0])]
    public async Task Patient_ID_matches_exactly_and_with_wild_cards(string id, string[] expected)
    {
        Assert.Equal(expected, await StudyKeysAsync($"/dicomweb/studies?PatientID={Uri.EscapeDataString(id)}"));
    }

    [Theory]
    [InlineData("19700101-19791231", new[] { "jurgen" })]
    [InlineData("-19611231", new[] { "john-2024", "john-2023", "robert" })]
    [InlineData("19800101", new[] { "jane" })]
    [InlineData("19751231-", new[] { "jane", "jurgen" })]
    public async Task Patient_birth_date_ranges_match_the_encrypted_birth_dates(string range, string[] expected)
    {
        Assert.Equal(expected, await StudyKeysAsync($"/dicomweb/studies?PatientBirthDate={range}"));
    }

    [Fact]
    public async Task Limit_and_offset_page_through_the_same_order()
    {
        Assert.Equal(AllStudies[1..3], await StudyKeysAsync("/dicomweb/studies?limit=2&offset=1"));
        Assert.Equal(AllStudies[4..], await StudyKeysAsync("/dicomweb/studies?limit=2&offset=4"));
        Assert.Empty(await StudyKeysAsync("/dicomweb/studies?offset=5"));
    }

    [Fact]
    public async Task A_limit_above_the_maximum_is_lowered_with_a_warning_header()
    {
        var (status, results, response) = await archive.SearchAsync("/dicomweb/studies?limit=5000");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(AllStudies.Length, results.Length);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.StartsWith("299 ", StringComparison.Ordinal) && w.Contains("1000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_match_is_200_with_an_empty_array()
    {
        var (status, results, response) = await archive.SearchAsync("/dicomweb/studies?AccessionNumber=NONE");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Empty(results);
    }

    [Fact]
    public async Task Every_study_result_carries_the_attributes_PS3_18_requires()
    {
        var (_, results, _) = await archive.SearchAsync("/dicomweb/studies");

        string[] required = ["StudyDate", "StudyTime", "AccessionNumber", "InstanceAvailability", "ModalitiesInStudy", "ReferringPhysicianName",
            "RetrieveURL", "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyInstanceUID", "StudyID",
            "NumberOfStudyRelatedSeries", "NumberOfStudyRelatedInstances"];
        Assert.All(results, r => Assert.All(required, keyword => Assert.True(r.TryGetProperty(Tag(keyword), out _), keyword)));
        var jurgen = results.Single(r => QidoArchive.FirstValue(r, Tag("AccessionNumber")) == "ACC-110");
        Assert.Equal("Müller^Jürgen", QidoArchive.FirstValue(jurgen, Tag("PatientName")));
        Assert.Equal("19751231", QidoArchive.FirstValue(jurgen, Tag("PatientBirthDate")));
        Assert.Equal($"http://localhost/dicomweb/studies/{QidoArchive.Study("jurgen").StudyUid}", QidoArchive.FirstValue(jurgen, Tag("RetrieveURL")));
        Assert.Equal(jurgen.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), jurgen.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Series_of_a_study_carry_the_series_attributes_and_counts()
    {
        var john = QidoArchive.Study("john-2024");

        var (_, results, _) = await archive.SearchAsync($"/dicomweb/studies/{john.StudyUid}/series");

        Assert.Equal(john.SeriesUids, QidoArchive.Values(results, Tag("SeriesInstanceUID")));
        Assert.Equal(["CT", "MR"], QidoArchive.Values(results, Tag("Modality")));
        Assert.Equal(["2", "1"], QidoArchive.Values(results, Tag("NumberOfSeriesRelatedInstances")));
        string[] required = ["Modality", "SeriesDescription", "RetrieveURL", "SeriesInstanceUID", "SeriesNumber", "NumberOfSeriesRelatedInstances"];
        Assert.All(results, r => Assert.All(required, keyword => Assert.True(r.TryGetProperty(Tag(keyword), out _), keyword)));
        Assert.Equal($"http://localhost/dicomweb/studies/{john.StudyUid}/series/{john.SeriesUids[1]}", QidoArchive.FirstValue(results[1], Tag("RetrieveURL")));
    }

    [Fact]
    public async Task Instances_of_a_series_carry_the_instance_attributes_in_instance_number_order()
    {
        var john = QidoArchive.Study("john-2024");

        var (_, results, _) = await archive.SearchAsync($"/dicomweb/studies/{john.StudyUid}/series/{john.SeriesUids[0]}/instances");

        Assert.Equal(["1", "2"], QidoArchive.Values(results, Tag("InstanceNumber")));
        string[] required = ["SOPClassUID", "SOPInstanceUID", "InstanceAvailability", "RetrieveURL", "InstanceNumber", "Rows", "Columns", "BitsAllocated", "NumberOfFrames"];
        Assert.All(results, r => Assert.All(required, keyword => Assert.True(r.TryGetProperty(Tag(keyword), out _), keyword)));
        Assert.All(results, r => Assert.Equal("128", QidoArchive.FirstValue(r, Tag("Rows"))));
    }

    [Fact]
    public async Task Instances_of_a_study_span_its_series()
    {
        var john = QidoArchive.Study("john-2024");

        var (_, results, _) = await archive.SearchAsync($"/dicomweb/studies/{john.StudyUid}/instances");

        Assert.Equal([john.SeriesUids[0], john.SeriesUids[0], john.SeriesUids[1]], QidoArchive.Values(results, Tag("SeriesInstanceUID")));
    }

    [Fact]
    public async Task Series_and_instances_of_all_studies_match_on_their_own_and_on_study_attributes()
    {
        var (_, series, _) = await archive.SearchAsync("/dicomweb/series?Modality=MR");
        var (_, instances, _) = await archive.SearchAsync("/dicomweb/instances?AccessionNumber=ACC-101&InstanceNumber=2");

        Assert.Equal([QidoArchive.Study("jane").SeriesUids[0], QidoArchive.Study("john-2024").SeriesUids[1]], QidoArchive.Values(series, Tag("SeriesInstanceUID")));
        Assert.All(series, s => Assert.True(s.TryGetProperty(Tag("StudyDate"), out _)));
        var instance = Assert.Single(instances);
        Assert.Equal(QidoArchive.Marker(QidoArchive.Study("john-2024"), 1, 2), QidoArchive.FirstValue((await archive.SearchAsync(
            $"/dicomweb/instances?SOPInstanceUID={QidoArchive.FirstValue(instance, Tag("SOPInstanceUID"))}&includefield=ImageComments")).Results.Single(), Tag("ImageComments")));
    }

    [Fact]
    public async Task An_attribute_kept_only_in_the_header_matches_exactly_in_instance_searches()
    {
        var jane = QidoArchive.Study("jane");

        var (_, results, _) = await archive.SearchAsync($"/dicomweb/instances?ImageComments={QidoArchive.Marker(jane, 1, 1)}");
        var (status, _, _) = await archive.SearchAsync($"/dicomweb/studies?ImageComments={QidoArchive.Marker(jane, 1, 1)}");

        Assert.Equal([jane.StudyUid], QidoArchive.Values(results, Tag("StudyInstanceUID")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Includefield_adds_attributes_by_keyword_and_by_tag_from_the_stored_header()
    {
        var (_, results, _) = await archive.SearchAsync($"/dicomweb/studies?AccessionNumber=ACC-103&includefield=KVP&includefield={Tag("SliceThickness")},Manufacturer");

        var study = Assert.Single(results);
        var expected = JsonDocument.Parse(await MetadataAsync(QidoArchive.Study("jane"))).RootElement[0];
        foreach (var keyword in new[] { "KVP", "SliceThickness", "Manufacturer" })
        {
            Assert.Equal(expected.GetProperty(Tag(keyword)).GetRawText(), study.GetProperty(Tag(keyword)).GetRawText());
        }
    }

    [Fact]
    public async Task Includefield_all_returns_the_whole_stored_header_of_instances_but_no_direct_identifiers_from_it()
    {
        var jane = QidoArchive.Study("jane");

        var (_, results, _) = await archive.SearchAsync($"/dicomweb/studies/{jane.StudyUid}/instances?includefield=all");

        var instance = Assert.Single(results);
        var metadata = JsonDocument.Parse(await MetadataAsync(jane)).RootElement[0];
        foreach (var attribute in metadata.EnumerateObject().Where(a => !a.Value.TryGetProperty("BulkDataURI", out _) && !a.Value.TryGetProperty("InlineBinary", out _)))
        {
            Assert.True(instance.TryGetProperty(attribute.Name, out _), attribute.Name);
        }

        Assert.Equal("Doe^Jane", QidoArchive.FirstValue(instance, Tag("PatientName")));
        Assert.True(instance.TryGetProperty(Tag("StudyDescription"), out _));
    }

    [Fact]
    public async Task Unknown_attributes_bad_values_and_unknown_includefields_are_400_naming_them()
    {
        foreach (var (query, named) in new[]
        {
            ("NoSuchKeyword=1", "NoSuchKeyword"),
            ("StudyDate=2024-01", "StudyDate"),
            ("StudyDate=20240201-20240101", "StudyDate"),
            ("StudyInstanceUID=1.2.*", "StudyInstanceUID"),
            ("includefield=Bogus", "Bogus"),
            ("limit=0", "limit"),
            ("NumberOfStudyRelatedSeries=2", "NumberOfStudyRelatedSeries"),
            ("Modality=CT", "Modality"),
        })
        {
            var (status, _, response) = await archive.SearchAsync($"/dicomweb/studies?{query}");

            Assert.True(status == HttpStatusCode.BadRequest, query);
            Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Callers_without_patient_data_access_get_results_without_direct_identifiers_and_cannot_match_on_them()
    {
        var (status, results, _) = await archive.SearchAsync("/dicomweb/studies", Roles.AiService);
        var (matchStatus, _, _) = await archive.SearchAsync("/dicomweb/studies?PatientName=Doe*", Roles.AiService);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(AllStudies.Length, results.Length);
        Assert.All(results, r => Assert.DoesNotContain(r.EnumerateObject(), p => DirectIdentifiers.Contains(p.Name)));
        Assert.Equal(HttpStatusCode.Forbidden, matchStatus);
    }

    [Fact]
    public async Task The_research_role_is_refused_every_search_route()
    {
        var john = QidoArchive.Study("john-2024");
        foreach (var url in new[]
        {
            "/dicomweb/studies", "/dicomweb/series", "/dicomweb/instances", $"/dicomweb/studies/{john.StudyUid}/series",
            $"/dicomweb/studies/{john.StudyUid}/instances", $"/dicomweb/studies/{john.StudyUid}/series/{john.SeriesUids[0]}/instances",
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await archive.SearchAsync(url, Roles.Research)).Status);
        }
    }

    [Fact]
    public async Task Each_search_is_audited_with_the_matching_keys_but_never_their_values()
    {
        using var client = archive.Api.CreateClientFor("auditee-qido", Roles.Radiologist);
        using var response = await client.GetAsync("/dicomweb/studies?PatientName=Smith*&limit=3");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var rows = await Database.QueryAsync(archive.Api.ConnectionString,
            "SELECT resource_type, resource_ids, outcome FROM audit_events WHERE action = 'dicomweb.search' AND actor_id = 'auditee-qido'");

        var row = Assert.Single(rows);
        Assert.Equal("Study", row[0]);
        Assert.Equal(["key:PatientName"], (string[])row[1]!);
        Assert.Equal("Success", row[2]);
    }

    [Fact]
    public async Task Search_needs_a_dicom_json_accept()
    {
        using var client = archive.Api.CreateClientFor(Roles.Radiologist);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dicomweb/studies");
        request.Headers.Accept.ParseAdd("application/xml");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    private async Task<string> MetadataAsync(SeededStudy study)
    {
        using var client = archive.Api.CreateClientFor(Roles.Radiologist);
        return await client.GetStringAsync($"/dicomweb/studies/{study.StudyUid}/series/{study.SeriesUids[0]}/metadata");
    }

    private async Task<string[]> StudyKeysAsync(string url)
    {
        var (status, results, response) = await archive.SearchAsync(url);
        Assert.True(status == HttpStatusCode.OK, $"{url}: {status} {await response.Content.ReadAsStringAsync()}");
        return Keys(results);
    }

    private static string[] Keys(IEnumerable<JsonElement> results) =>
        QidoArchive.Values(results, Tag("StudyInstanceUID")).Select(uid => QidoArchive.Studies.Single(s => s.StudyUid == uid).Key).ToArray();

    private static string Tag(string keyword) => DicomDictionary.Lookup(keyword)!.Tag.ToHexString();
}
