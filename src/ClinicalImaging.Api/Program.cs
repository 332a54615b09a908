using System.Text.Json.Serialization;
using ClinicalImaging.Api.Endpoints;
using ClinicalImaging.Api.ErrorHandling;
using ClinicalImaging.Api.Health;
using ClinicalImaging.Api.Jobs;
using ClinicalImaging.Api.Security;
using ClinicalImaging.Api.Telemetry;
using ClinicalImaging.Application;
using ClinicalImaging.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddClinicalImagingTelemetry();

builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddHostedService<DatabaseMigrationService>();
builder.Services.AddIngest();
builder.AddHostRole();
builder.Services.AddFhir(builder.Configuration);
builder.Services.AddOrthancChangeFeed();
builder.AddClinicalImagingSecurity();

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddHealthChecks().AddCheck<DatabaseReadinessCheck>("database", tags: [HealthEndpoints.ReadyTag]);
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddSwaggerGen(options =>
{
    options.SwaggerDoc("v1", new()
    {
        Title = "ClinicalImaging API",
        Version = "v1",
        Description = "Medical imaging archive, DICOMweb, AI inference and reporting.",
    });
    options.AddClinicalImagingSecurity();
});

var app = builder.Build();

app.UseClinicalImagingTelemetry();
app.UseHostRole();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseClinicalImagingSecurity();
app.UseSwagger(options => options.RouteTemplate = "docs/{documentName}/openapi.json");
app.UseSwaggerUI(options =>
{
    options.RoutePrefix = "docs";
    options.SwaggerEndpoint("/docs/v1/openapi.json", "ClinicalImaging API v1");
});

app.MapHealthEndpoints();
app.MapStudyEndpoints();
app.MapSecurityEndpoints();
app.MapMetrics().WithMetricsAccess(app.Configuration);
app.MapIngestEndpoints();
app.MapDicomWebEndpoints();
app.MapDicomToolEndpoints();
app.MapAnalysisEndpoints();
app.MapOrdersEndpoints();
app.MapReviewEndpoints();
app.MapReportEndpoints();
app.MapImageEndpoints();
app.MapInferenceEndpoints();
app.MapFhirEndpoints();
app.MapOrthancEndpoints();
app.MapResearchEndpoints();

await app.RunAsync();

/// <summary>The API host; public so that tests can start it with WebApplicationFactory.</summary>
public partial class Program;
