using System.Reflection;
using ClinicalImaging.Application.Common.Behaviours;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicalImaging.Application;

public static class DependencyInjection
{
    /// <summary>
    /// The mediator, every handler and validator of this assembly (by scan: the MediatR and FluentValidation DI
    /// packages are not in our registry), and the pipeline in its one order:
    /// tracing → logging → metrics → validation → handler.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();

        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(TracingBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(MetricsBehaviour<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));

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
