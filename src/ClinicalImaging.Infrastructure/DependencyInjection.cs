using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security.ApiKeys;
using ClinicalImaging.Application.DicomWeb.Search;
using ClinicalImaging.Application.Ingest.StoreInstance;
using ClinicalImaging.Dicom.Imaging.Codecs;
using ClinicalImaging.Infrastructure.Codecs;
using ClinicalImaging.Infrastructure.Jobs;
using ClinicalImaging.Infrastructure.Inference;
using ClinicalImaging.Infrastructure.Orthanc;
using ClinicalImaging.Infrastructure.Persistence;
using ClinicalImaging.Infrastructure.Persistence.Migrations;
using ClinicalImaging.Infrastructure.Persistence.Workflow;
using ClinicalImaging.Infrastructure.Persistence.Search;
using ClinicalImaging.Infrastructure.Security;
using ClinicalImaging.Infrastructure.Storage;
using ClinicalImaging.Infrastructure.Summaries;
using ClinicalImaging.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ClinicalImaging.Infrastructure;

public static class DependencyInjection
{
    /// <summary>The adapters behind the application's ports, configured from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not configured (environment variable ConnectionStrings__{DatabaseOptions.ConnectionStringName})");
        }

        // Built now, so that a missing or malformed keyring stops start-up with a message naming the setting.
        var protector = new PhiProtector(configuration.GetSection(PhiProtectionOptions.Section).Get<PhiProtectionOptions>() ?? new PhiProtectionOptions());
        services.AddSingleton(protector);

        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.AddSingleton(_ => ArchiveDataSource.Create(connectionString));
        // The options are built once, not per context: every request and every registration scope creates a context.
        services.AddDbContext<ClinicalImagingDbContext>(
            (provider, options) => options.UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>()),
            optionsLifetime: ServiceLifetime.Singleton);
        services.AddSingleton<DatabaseMigrator>();

        services.Configure<FileSystemBlobStoreOptions>(configuration.GetSection(FileSystemBlobStoreOptions.Section));
        services.AddSingleton<IBlobStore, FileSystemBlobStore>();
        services.Configure<IngestOptions>(configuration.GetSection(IngestOptions.Section));
        services.Configure<StrayObjectSweeperOptions>(configuration.GetSection(StrayObjectSweeperOptions.Section));
        services.AddSingleton<StrayObjectSweeper>();

        // Native and RLE in managed code; JPEG family, JPEG-LS and JPEG 2000 through GDCM.
        services.AddSingleton(GdcmPixelCodec.RegisterAll(PixelCodecRegistry.CreateDefault()));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IClock, SystemClock>();
        services.AddScoped<IStudyStore, EfStudyStore>();
        services.AddScoped<Persistence.Registration.InstanceRegistrar>();
        services.AddSingleton<Persistence.Registration.RegistrationGroupCommitter>();
        services.AddScoped<IStudySearch, EfStudySearch>();
        services.AddScoped<IImageDeletion, EfImageDeletion>();
        services.AddScoped<Application.Studies.ReconcileStudy.IStudyReconciliation, EfStudyReconciliation>();
        services.AddScoped<Application.Fhir.IFhirStudyIndex, EfFhirStudyIndex>();
        services.AddScoped<Application.Fhir.IFhirReportIndex, EfFhirReportIndex>();
        services.AddScoped<IAuditTrail, EfAuditTrail>();
        services.AddScoped<IApiKeyStore, EfApiKeyStore>();
        services.AddScoped<PhiKeyRotation>();
        services.AddSingleton<PostgreSqlRateLimitCounter>();
        services.AddSummaries(configuration);
        services.AddJobs(configuration);
        services.AddWorkflowPersistence(configuration);
        services.AddScoped<IQidoSearch, NpgsqlQidoSearch>();
        services.Configure<Application.Research.ResearchOptions>(configuration.GetSection(Application.Research.ResearchOptions.Section));
        services.AddScoped<Application.Research.IUidDigestIndex, NpgsqlUidDigestIndex>();

        // ONNX Runtime, the model registry and the engine; nothing is loaded until a model is first needed.
        services.AddOnnxInference(configuration);
        services.AddOrthanc(configuration);
        return services;
    }
}
