using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Application.Studies.DownloadStudy;
using ClinicalImaging.Application.Studies.GetStudyImages;
using ClinicalImaging.Application.Studies.SearchStudies;
using ClinicalImaging.Application.Studies.FindInstancesByAttribute;
using ClinicalImaging.Application.Studies.GetStudy;
using ClinicalImaging.Application.Studies.ReconcileStudy;
using MediatR;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>Thin translation of HTTP to the studies use cases: build the request, send it, return the result.</summary>
internal static class StudyEndpoints
{
    public static IEndpointRouteBuilder MapStudyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var studies = endpoints.MapGroup("/api/v1/studies").WithTags("Studies").RequireAuthorization(AccessPolicies.PatientDataRead);
        studies.MapGet("/{studyUid}", async (string studyUid, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetStudyQuery(studyUid), ct)))
            .WithName("GetStudy")
            .WithSummary("A study by Study Instance UID, with its patient, series and instances")
            .Produces<StudyView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        studies.MapGet("/", async ([AsParameters] StudySearchParameters parameters, IMediator mediator, CancellationToken ct) =>
            {
                var (criteria, page, pageSize) = parameters.Parse();
                return Results.Ok(await mediator.Send(new SearchStudiesQuery(criteria, page, pageSize), ct));
            })
            .WithName("SearchStudies")
            .WithSummary("Studies matching every filter given, newest Study Date first, a page at a time with the total count (see docs/archive-api.md)")
            .Produces<PagedResult<StudySummary>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        studies.MapGet("/{studyUid}/images", async (string studyUid, [AsParameters] PageParameters paging, IMediator mediator, CancellationToken ct) =>
            {
                var (page, pageSize) = paging.Parse();
                return Results.Ok(await mediator.Send(new GetStudyImagesQuery(studyUid, page, pageSize), ct));
            })
            .WithName("GetStudyImages")
            .WithSummary("A study's images (instance metadata), by series then instance number, a page at a time")
            .Produces<PagedResult<InstanceView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        studies.MapGet("/{studyUid}/download", async (string studyUid, IMediator mediator, IBlobStore blobs, CancellationToken ct) =>
            {
                var instances = await mediator.Send(new DownloadStudyQuery(studyUid), ct);
                return Results.Stream(
                    body => StudyArchiveWriter.WriteAsync(instances, blobs, body, ct), StudyArchiveWriter.MediaType, $"{studyUid}.zip");
            })
            .WithName("DownloadStudy")
            .WithSummary("Every original object of the study as a ZIP (SERIES_001/<SOP Instance UID>.dcm …), streamed")
            .Produces(StatusCodes.Status200OK, contentType: StudyArchiveWriter.MediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        studies.MapPost("/{studyUid}/reconcile", async (string studyUid, ReconcileStudyRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(body.ToCommand(studyUid), ct)))
            .WithName("ReconcileStudy")
            .WithSummary("File a study that arrived with an empty Patient ID under its real patient (an existing one with that Patient ID and issuer, or a new one); see docs/archive-api.md")
            .WithDescription("Only a study of an unidentified patient can be reconciled (409 study-patient-identified otherwise). Demographics fill in what the " +
                             "patient's record lacks and must not contradict it (409 patient-demographics-differ). Stored objects keep their bytes; views, " +
                             "searches and metadata follow the reconciled patient.")
            .Produces<StudyView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AccessPolicies.PatientsReconcile);

        var instances = endpoints.MapGroup("/api/v1/instances").WithTags("Studies").RequireAuthorization(AccessPolicies.ImagingMetadataRead);
        instances.MapGet("/by-attribute", async (string tag, string value, int? limit, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new FindInstancesByAttributeQuery(tag, value, limit ?? FindInstancesByAttributeQuery.DefaultLimit), ct)))
            .WithName("FindInstancesByAttribute")
            .WithSummary("Instances whose stored header has the value for the attribute (tag as 8 hex digits, e.g. 00180015)")
            .Produces<IReadOnlyList<InstanceView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }
}

/// <summary>The body of <c>POST /api/v1/studies/{studyUid}/reconcile</c>: who the patient of the study really is.</summary>
/// <param name="PatientId">Required: the Patient ID (0010,0020), a DICOM LO of at most 64 characters.</param>
/// <param name="IssuerOfPatientId">Left out: the issuer the study's objects carried (usually none); "" for none.</param>
/// <param name="PatientName">DICOM PN, e.g. DOE^JANE.</param>
/// <param name="BirthDate">YYYY-MM-DD.</param>
/// <param name="Sex">M, F or O.</param>
internal sealed record ReconcileStudyRequest(string? PatientId, string? IssuerOfPatientId, string? PatientName, string? BirthDate, string? Sex)
{
    public ReconcileStudyCommand ToCommand(string studyUid) => new(studyUid, PatientId ?? string.Empty, IssuerOfPatientId, PatientName, BirthDate, Sex);
}
