using ClinicalImaging.Application.Analysis;
using ClinicalImaging.Application.Jobs;
using ClinicalImaging.Infrastructure.Inference;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Api.Jobs;

public static class HostRoleExtensions
{
    /// <summary>Paths a worker host still answers: probes and the Prometheus scrape.</summary>
    private static readonly string[] WorkerPaths = ["/health", "/ready", "/metrics"];

    /// <summary>Reads <c>Host:Role</c>; a worker role gets the model runtime, the inference job handler and the job worker.</summary>
    public static HostRole AddHostRole(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var role = HostRole.From(builder.Configuration);
        builder.Services.AddSingleton(role);
        if (role.RunsWorker)
        {
            builder.Services.AddOnnxInference(builder.Configuration);
            builder.Services.AddInferenceJobHandler();
            builder.Services.Configure<JobWorkerOptions>(builder.Configuration.GetSection(JobWorkerOptions.Section));
            builder.Services.AddSingleton(provider => new JobWorker(
                provider.GetRequiredService<IJobQueue>(),
                provider.GetRequiredService<IServiceScopeFactory>(),
                provider.GetRequiredService<IOptions<JobWorkerOptions>>().Value,
                [AnalysisJob.Kind],
                provider.GetRequiredService<ILogger<JobWorker>>()));
            builder.Services.AddHostedService<JobWorkerService>();
        }

        return role;
    }

    /// <summary>A worker-only host answers nothing but its probes and metrics (404 elsewhere).</summary>
    public static IApplicationBuilder UseHostRole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<HostRole>().ServesApi)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            if (WorkerPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
        });
    }
}
