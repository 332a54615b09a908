using System.Security.Cryptography;
using ClinicalImaging.Application;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.UnitTests.Security;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Studies.FindInstancesByAttribute;
using ClinicalImaging.Application.Research;
using ClinicalImaging.Application.Studies.GetStudy;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.UnitTests.Application;

/// <summary>The mediator pipeline as registered: validation runs before any handler can touch a port.</summary>
public sealed class PipelineTests
{
    [Fact]
    public void Every_request_of_the_application_has_a_handler_and_a_validator()
    {
        // The research validators need the research de-identifier, which exists only where research keys are configured.
        using var provider = new ServiceCollection().AddLogging().AddApplication()
            .Configure<ResearchOptions>(research =>
            {
                research.PseudonymKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                research.DateShiftKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            })
            .BuildServiceProvider();
        var requestTypes = typeof(DependencyInjection).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)))
            .ToList();

        Assert.NotEmpty(requestTypes);
        foreach (var request in requestTypes)
        {
            var response = request.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)).GetGenericArguments()[0];
            Assert.Contains(request.Assembly.GetTypes(), t => typeof(IRequestHandler<,>).MakeGenericType(request, response).IsAssignableFrom(t));
            Assert.NotEmpty((IEnumerable<object>)provider.GetServices(typeof(IValidator<>).MakeGenericType(request)));
        }
    }

    [Fact]
    public async Task Invalid_request_is_rejected_before_the_handler_runs()
    {
        var store = new RecordingStudyStore();
        await using var provider = new ServiceCollection().AddLogging().AddApplication().AddSingleton<IStudyStore>(store).AddSingleton<IAuditTrail>(new RecordingAuditTrail()).BuildServiceProvider();
        var mediator = provider.GetRequiredService<IMediator>();

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => mediator.Send(new FindInstancesByAttributeQuery("0018-0015", "", 0)));

        Assert.Equal(["Limit", "Tag", "Value"], error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("tag must be 8 hexadecimal digits, group then element (e.g. 00180015)", Assert.Single(error.Errors["Tag"]));
        Assert.Equal(0, store.Calls);
    }

    [Fact]
    public async Task Valid_request_reaches_its_handler_with_a_normalised_tag()
    {
        var store = new RecordingStudyStore();
        await using var provider = new ServiceCollection().AddLogging().AddApplication().AddSingleton<IStudyStore>(store).AddSingleton<IAuditTrail>(new RecordingAuditTrail()).BuildServiceProvider();

        await provider.GetRequiredService<IMediator>().Send(new FindInstancesByAttributeQuery("0020000d", "1.2.3"));

        Assert.Equal(1, store.Calls);
        Assert.Equal("0020000D", store.LastTag);
        await Assert.ThrowsAsync<NotFoundException>(() => provider.GetRequiredService<IMediator>().Send(new GetStudyQuery("1.2.3")));
    }

    /// <summary>A port double that only records calls: these tests are about the pipeline, not storage.</summary>
    private sealed class RecordingStudyStore : StudyStoreDouble
    {
        public int Calls { get; private set; }

        public string? LastTag { get; private set; }

        public override Task<ClinicalImaging.Application.Studies.StudyView?> GetStudyAsync(ClinicalImaging.Domain.Studies.DicomUid studyInstanceUid, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult<ClinicalImaging.Application.Studies.StudyView?>(null);
        }

        public override Task<IReadOnlyList<ClinicalImaging.Application.Studies.InstanceView>> FindInstancesByAttributeAsync(string tag, string value, int limit, CancellationToken cancellationToken)
        {
            Calls++;
            LastTag = tag;
            return Task.FromResult<IReadOnlyList<ClinicalImaging.Application.Studies.InstanceView>>([]);
        }
    }
}
