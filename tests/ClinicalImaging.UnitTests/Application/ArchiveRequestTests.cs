using ClinicalImaging.Application;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Images;
using ClinicalImaging.Application.Images.DeleteImage;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Application.Studies.SearchStudies;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.UnitTests.Security;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.UnitTests.Application;

/// <summary>The archive API's use cases through the real pipeline, with the ports played by doubles.</summary>
public sealed class ArchiveRequestTests
{
    [Fact]
    public void Search_errors_are_keyed_by_query_parameter_and_never_quote_a_patient_id()
    {
        var patientId = "PID-" + new string('7', 70);
        var query = new SearchStudiesQuery(new StudySearchCriteria
        {
            PatientId = patientId,
            Modality = "  ",
            StartDate = new DateOnly(2026, 2, 1),
            EndDate = new DateOnly(2026, 1, 31),
        }, Page: 0, PageSize: 500);

        var errors = new SearchStudiesValidator().Validate(query).Errors;

        Assert.Equal(["endDate", "modality", "page", "pageSize", "patientId"], errors.Select(e => e.PropertyName).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain(patientId, e.ErrorMessage, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_search_is_audited_with_the_filters_used_and_the_studies_it_returned()
    {
        var audit = new RecordingAuditTrail();
        var search = new FixedSearch("1.2.3", "1.2.4");
        await using var provider = Provider(audit, s => s.AddSingleton<IStudySearch>(search));

        await provider.GetRequiredService<IMediator>().Send(new SearchStudiesQuery(new StudySearchCriteria { Modality = "ct", HasContrast = false }));

        var record = Assert.Single(audit.Records);
        Assert.Equal((AuditActions.StudySearch, AuditOutcome.Success), (record.Action, record.Outcome));
        Assert.Equal(["filter:modality", "filter:hasContrast", "1.2.3", "1.2.4"], record.ResourceIds);
        Assert.Equal("CT", search.LastCriteria!.Modality);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task A_deleted_images_object_goes_only_when_no_other_row_refers_to_it(bool stillReferenced, bool removed)
    {
        var blobs = new RecordingBlobStore();
        var deleted = Deleted();
        await using var provider = Provider(new RecordingAuditTrail(), s => s
            .AddSingleton<IImageDeletion>(new FixedDeletion(deleted))
            .AddSingleton<IStudyStore>(new ReferenceCheckingStore(stillReferenced))
            .AddSingleton<IBlobStore>(blobs));

        var result = await provider.GetRequiredService<IMediator>().Send(new DeleteImageCommand(deleted.InstanceId));

        Assert.Equal(deleted, result);
        Assert.Equal(removed ? [deleted.BlobKey] : [], blobs.Deleted);
    }

    [Fact]
    public async Task An_object_that_cannot_be_removed_leaves_the_deletion_standing_for_the_sweeper()
    {
        var deleted = Deleted();
        await using var provider = Provider(new RecordingAuditTrail(), s => s
            .AddSingleton<IImageDeletion>(new FixedDeletion(deleted))
            .AddSingleton<IStudyStore>(new ReferenceCheckingStore(false))
            .AddSingleton<IBlobStore>(new RecordingBlobStore { Fails = true }));

        Assert.Equal(deleted, await provider.GetRequiredService<IMediator>().Send(new DeleteImageCommand(deleted.InstanceId)));
    }

    [Fact]
    public async Task Deleting_an_unknown_image_is_not_found_and_recorded_as_such()
    {
        var audit = new RecordingAuditTrail();
        var blobs = new RecordingBlobStore();
        await using var provider = Provider(audit, s => s
            .AddSingleton<IImageDeletion>(new FixedDeletion(null))
            .AddSingleton<IStudyStore>(new ReferenceCheckingStore(false))
            .AddSingleton<IBlobStore>(blobs));
        var id = Guid.NewGuid();

        await Assert.ThrowsAsync<NotFoundException>(() => provider.GetRequiredService<IMediator>().Send(new DeleteImageCommand(id)));

        Assert.Empty(blobs.Deleted);
        var record = Assert.Single(audit.Records);
        Assert.Equal((AuditActions.InstanceDelete, AuditOutcome.NotFound), (record.Action, record.Outcome));
        Assert.Equal([id.ToString()], record.ResourceIds);
    }

    private static ServiceProvider Provider(RecordingAuditTrail audit, Action<IServiceCollection> ports)
    {
        var services = new ServiceCollection().AddLogging().AddApplication().AddSingleton<IAuditTrail>(audit);
        ports(services);
        return services.BuildServiceProvider();
    }

    private static DeletedImage Deleted() =>
        new(Guid.NewGuid(), "1.2.3.1", "1.2.3.2", "1.2.3", $"ab/ab{new string('0', 62)}.dcm", true, false, false);

    private sealed class FixedSearch(params string[] studyUids) : IStudySearch
    {
        public StudySearchCriteria? LastCriteria { get; private set; }

        public Task<PagedResult<StudySummary>> SearchStudiesAsync(StudySearchCriteria criteria, int page, int pageSize, CancellationToken cancellationToken)
        {
            LastCriteria = criteria;
            var patient = new PatientView(Guid.NewGuid(), "PID", "", null, null, null);
            var items = studyUids.Select(uid => new StudySummary(Guid.NewGuid(), uid, patient, StudyDetails.Empty, [], [], 0, 0, default, default)).ToList();
            return Task.FromResult(new PagedResult<StudySummary>(items, items.Count, page, pageSize));
        }

        public Task<PagedResult<InstanceView>?> FindStudyImagesAsync(DicomUid studyInstanceUid, int page, int pageSize, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<ImageView?> GetImageAsync(Guid instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PagedResult<InstanceView>> FindPatientImagesAsync(string patientId, string? issuerOfPatientId, int page, int pageSize, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    private sealed class FixedDeletion(DeletedImage? deleted) : IImageDeletion
    {
        public Task<DeletedImage?> DeleteImageAsync(Guid instanceId, CancellationToken cancellationToken) => Task.FromResult(deleted);
    }

    private sealed class ReferenceCheckingStore(bool referenced) : StudyStoreDouble
    {
        public override Task<bool> IsBlobReferencedAsync(string blobKey, CancellationToken cancellationToken) => Task.FromResult(referenced);
    }

    private sealed class RecordingBlobStore : IBlobStore
    {
        public List<string> Deleted { get; } = [];

        public bool Fails { get; init; }

        public Task DeleteAsync(string blobKey, CancellationToken cancellationToken)
        {
            if (Fails)
            {
                throw new IOException("disk gone");
            }

            Deleted.Add(blobKey);
            return Task.CompletedTask;
        }

        public Task<IStagedObject> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StoredObject> CommitAsync(IStagedObject staged, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Stream OpenRead(string blobKey) => throw new NotSupportedException();

        public IAsyncEnumerable<string> ListKeysAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> DeleteAbandonedStagingAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
