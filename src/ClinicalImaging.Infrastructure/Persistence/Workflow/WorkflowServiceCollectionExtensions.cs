using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Orders;
using ClinicalImaging.Application.Reports;
using ClinicalImaging.Application.Reviews;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicalImaging.Infrastructure.Persistence.Workflow;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>The stores of orders, reviews and reports, their unit of work, and the reporting settings.</summary>
    public static IServiceCollection AddWorkflowPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReportingOptions>(configuration.GetSection(ReportingOptions.Section));
        services.AddScoped<IWorkflowUnitOfWork, EfWorkflowUnitOfWork>();
        services.AddScoped<IImagingOrderStore, EfImagingOrderStore>();
        services.AddScoped<IReportStore, EfReportStore>();
        services.AddScoped<IReviewStore, EfReviewStore>();
        return services;
    }
}
