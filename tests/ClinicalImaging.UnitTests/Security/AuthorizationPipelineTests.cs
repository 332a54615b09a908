using System.Reflection;
using ClinicalImaging.Application;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Studies.GetStudy;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Studies;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.UnitTests.Security;

/// <summary>Access and audit as the mediator pipeline enforces them, whoever calls: HTTP host, CLI or worker.</summary>
public sealed class AuthorizationPipelineTests
{
    private static readonly Type[] RequestTypes = typeof(DependencyInjection).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)))
        .ToArray();

    [Fact]
    public void Every_request_declares_an_access_policy_that_exists()
    {
        Assert.NotEmpty(RequestTypes);
        Assert.All(RequestTypes, t => Assert.True(AccessPolicies.ByName.ContainsKey(t.GetCustomAttribute<RequiresAccessAttribute>()?.Policy ?? "(none)"), t.Name));
    }

    [Fact]
    public void Every_request_touching_patient_data_is_audited()
    {
        string[] patientData = [AccessPolicies.PatientDataRead, AccessPolicies.ImagingMetadataRead, AccessPolicies.ImagingWrite];
        var touching = RequestTypes.Where(t => patientData.Contains(t.GetCustomAttribute<RequiresAccessAttribute>()!.Policy)).ToList();

        Assert.NotEmpty(touching);
        Assert.All(touching, t => Assert.True(typeof(IAuditedRequest).IsAssignableFrom(t), t.Name));
    }

    [Theory]
    [InlineData(Roles.Research)]
    [InlineData(Roles.AiService)]
    [InlineData(Roles.Auditor)]
    public async Task A_role_without_access_to_patient_data_is_refused_before_the_handler_and_the_refusal_is_audited(string role)
    {
        var store = new CountingStudyStore();
        var audit = new RecordingAuditTrail();
        await using var provider = Provider(new TestUser(true, role), store, audit);

        var refused = await Assert.ThrowsAsync<ForbiddenAccessException>(() => provider.GetRequiredService<IMediator>().Send(new GetStudyQuery("1.2.3")));

        Assert.Equal(AccessPolicies.PatientDataRead, refused.Policy);
        Assert.Equal(0, store.Calls);
        var record = Assert.Single(audit.Records);
        Assert.Equal((AuditActions.StudyRead, AuditOutcome.Denied), (record.Action, record.Outcome));
        Assert.Equal(["1.2.3"], record.ResourceIds);
    }

    [Fact]
    public async Task An_anonymous_caller_is_refused_as_unauthenticated()
    {
        await using var provider = Provider(new TestUser(false), new CountingStudyStore(), new RecordingAuditTrail());

        await Assert.ThrowsAsync<UnauthenticatedException>(() => provider.GetRequiredService<IMediator>().Send(new GetStudyQuery("1.2.3")));
    }

    [Fact]
    public async Task A_read_is_audited_after_the_handler_succeeds()
    {
        var audit = new RecordingAuditTrail();
        await using var provider = Provider(new TestUser(true, Roles.Radiologist), new CountingStudyStore(found: true), audit);

        await provider.GetRequiredService<IMediator>().Send(new GetStudyQuery("1.2.3"));

        var record = Assert.Single(audit.Records);
        Assert.Equal((AuditActions.StudyRead, "Study", AuditOutcome.Success), (record.Action, record.ResourceType, record.Outcome));
    }

    [Fact]
    public async Task A_read_whose_audit_cannot_be_written_fails_instead_of_answering()
    {
        await using var provider = Provider(new TestUser(true, Roles.Radiologist), new CountingStudyStore(found: true), new RecordingAuditTrail { Fails = true });

        await Assert.ThrowsAsync<AuditUnavailableException>(() => provider.GetRequiredService<IMediator>().Send(new GetStudyQuery("1.2.3")));
    }

    [Fact]
    public async Task An_invalid_request_is_audited_without_its_unvalidated_ids()
    {
        var audit = new RecordingAuditTrail();
        await using var provider = Provider(new TestUser(true, Roles.Radiologist), new CountingStudyStore(), audit);

        await Assert.ThrowsAsync<ClinicalImaging.Application.Common.Exceptions.RequestValidationException>(
            () => provider.GetRequiredService<IMediator>().Send(new GetStudyQuery("Doe^John")));

        var record = Assert.Single(audit.Records);
        Assert.Equal(AuditOutcome.Invalid, record.Outcome);
        Assert.Empty(record.ResourceIds);
    }

    private static ServiceProvider Provider(ICurrentUser user, IStudyStore store, IAuditTrail audit) =>
        new ServiceCollection().AddLogging().AddApplication()
            .AddSingleton(user).AddSingleton(store).AddSingleton(audit)
            .BuildServiceProvider();

    private sealed class CountingStudyStore(bool found = false) : StudyStoreDouble
    {
        public int Calls { get; private set; }

        public override Task<StudyView?> GetStudyAsync(DicomUid studyInstanceUid, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(found
                ? new StudyView(Guid.NewGuid(), studyInstanceUid.Value, new PatientView(Guid.NewGuid(), "P", "", null, null, null),
                    new StudyDetails(null, null, null, null, null, null), new PatientCharacteristics(null, null, null), [], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)
                : null);
        }
    }
}
