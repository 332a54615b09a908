using ClinicalImaging.Api.Uploads;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Ingest.StoreInstance;
using ClinicalImaging.Application.Summaries;
using ClinicalImaging.Application.Summaries.AnalyzeDicom;
using ClinicalImaging.Application.Summaries.CompareDicom;
using ClinicalImaging.Application.Summaries.SummarizeDicom;
using MediatR;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>
/// Tools over DICOM files sent with the request, which are read and answered but never stored: structured analysis,
/// a plain-language summary, and a comparison of two files.
/// </summary>
internal static class DicomToolEndpoints
{
    public static RouteGroupBuilder MapDicomToolEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var tools = endpoints.MapGroup("/api/v1/dicom").WithTags("DICOM tools").RequireAuthorization(AccessPolicies.ImagingMetadataRead);
        tools.MapPost("/analyze", async (HttpContext http, IMediator mediator, IOptions<IngestOptions> limits) =>
            {
                var files = await UploadedDicomHeaders.ReadAsync(http, 1, limits.Value.MaxObjectBytes);
                return Results.Ok(await mediator.Send(new AnalyzeDicomQuery(files[0]), http.RequestAborted));
            })
            .WithName("AnalyzeDicom")
            .WithSummary("Structured metadata of one DICOM file (application/dicom body or one multipart/form-data file): modality, anatomy, geometry, acquisition, contrast, cardiac gating; no direct identifiers")
            .Produces<DicomAnalysis>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        tools.MapPost("/summarize", async (HttpContext http, IMediator mediator, IOptions<IngestOptions> limits) =>
            {
                var files = await UploadedDicomHeaders.ReadAsync(http, 1, limits.Value.MaxObjectBytes);
                return Results.Ok(await mediator.Send(new SummarizeDicomQuery(files[0]), http.RequestAborted));
            })
            .WithName("SummarizeDicom")
            .WithSummary("A plain-language clinical summary of one DICOM file, written locally or by the configured language model (with fallback)")
            .Produces<DicomSummary>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        tools.MapPost("/compare", async (HttpContext http, IMediator mediator, IOptions<IngestOptions> limits) =>
            {
                var files = await UploadedDicomHeaders.ReadAsync(http, 2, limits.Value.MaxObjectBytes);
                return Results.Ok(await mediator.Send(new CompareDicomQuery(files[0], files[1]), http.RequestAborted));
            })
            .WithName("CompareDicom")
            .WithSummary("Two DICOM files (two multipart/form-data file fields) compared: relation, differing attributes and a summary")
            .Produces<DicomComparison>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return tools;
    }
}
