using System.Reflection;
using ClinicalImaging.Application.Analysis;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Behaviours;
using ClinicalImaging.Application.Common.Security;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClinicalImaging.Application;

public static class DependencyInjection
{
    /// <summary>
    /// The mediator, every handler and validator of this assembly (by scan: the MediatR and FluentValidation DI
    /// packages are not in our registry), and the pipeline in its one order:
    /// tracing → logging → metrics → audit → authorization → validation → handler (audit is outside authorization so
    /// that denials are recorded too). The caller is the <see cref="SystemUser"/> unless the host registers its own
    /// <see cref="ICurrentUser"/> (the HTTP host does, for every request).
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<ICurrentUser, SystemUser>();
        services.TryAddScoped<IRequestOrigin, LocalProcessOrigin>();
        services.AddScoped<DicomWeb.StoredImages>();
        services.AddAnalysis();
        services.AddScoped<Inference.InferenceImageLoader>();
        services.AddScoped<Inference.ImageAnalyzer>();
        services.AddScoped<Fhir.FhirStudyReader>();
        services.AddScoped<Orders.StartOrderedAcquisition.OrderMatcher>();
        services.AddSingleton<Research.ResearchDeidentifier>();
        services.AddScoped<Research.ResearchUids>();
        services.AddScoped<Research.RetrieveDeidentifiedInstances.DeidentifiedObjects>();
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();

        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(TracingBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(MetricsBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(AuditBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(AuthorizationBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        // Innermost, after the registration's own checks: arriving images start the order waiting for them.
        services.AddTransient<IPipelineBehavior<Ingest.RegisterInstance.RegisterInstancesCommand, IReadOnlyList<Ingest.RegisterInstance.RegistrationResult>>,
            Orders.StartOrderedAcquisition.OrderMatchingBehaviour>();

        RegisterClosedImplementations(services, typeof(DependencyInjection).Assembly, typeof(IRequestHandler<,>), ServiceLifetime.Scoped);
        RegisterClosedImplementations(services, typeof(DependencyInjection).Assembly, typeof(IValidator<>), ServiceLifetime.Singleton);
        return services;
    }

    private static void RegisterClosedImplementations(IServiceCollection services, Assembly assembly, Type openInterface, ServiceLifetime lifetime)
    {
        var implementations = assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false });
        foreach (var implementation in implementations)
        {
            foreach (var contract in implementation.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface))
            {
                services.Add(new ServiceDescriptor(contract, implementation, lifetime));
            }
        }
    }
}
