using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Reports;
using ClinicalImaging.Application.Reports.AcknowledgeCriticalFinding;
using ClinicalImaging.Application.Reports.AmendReport;
using ClinicalImaging.Application.Reports.EditReport;
using ClinicalImaging.Application.Reports.GetReport;
using ClinicalImaging.Application.Reports.ListCriticalFindings;
using ClinicalImaging.Application.Reports.SignReport;
using ClinicalImaging.Domain.Reports;
using MediatR;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>Radiology reports (edit, sign, amend) and the critical-finding notifications that signed reports raise.</summary>
internal static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var reports = endpoints.MapGroup("/api/v1/reports").WithTags("Reports");
        reports.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetReportQuery(id), ct)))
            .WithName("GetReport")
            .WithSummary("One version of a radiology report")
            .Produces<ReportView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        reports.MapPut("/{id:guid}", async (Guid id, EditReportRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new EditReportCommand(id, body.Version, body.Sections), ct)))
            .WithName("EditReport")
            .WithSummary("Replace a draft's sections; a signed report answers 409 (amend it instead)")
            .Produces<ReportView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AccessPolicies.ReportsWrite);
        reports.MapPost("/{id:guid}/sign", async (Guid id, VersionedRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new SignReportCommand(id, body.Version), ct)))
            .WithName("SignReport")
            .WithSummary("Sign a draft: immutable from now on; the order is reported and a critical finding notifies the referring clinician")
            .Produces<ReportView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AccessPolicies.ReportsWrite);
        reports.MapPost("/{id:guid}/amendments", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                var amendment = await mediator.Send(new AmendReportCommand(id), ct);
                return Results.Created($"/api/v1/reports/{amendment.Id}", amendment);
            })
            .WithName("AmendReport")
            .WithSummary("Start an amendment of a signed report: a new draft version that supersedes it once signed")
            .Produces<ReportView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AccessPolicies.ReportsWrite);

        var critical = endpoints.MapGroup("/api/v1/critical-findings").WithTags("Reports");
        critical.MapGet("/", async (bool? includeAcknowledged, int? limit, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(
                    new ListCriticalFindingsQuery(includeAcknowledged != true, limit ?? ListCriticalFindingsQuery.DefaultLimit), ct)))
            .WithName("ListCriticalFindings")
            .WithSummary("Critical-finding notifications, oldest due first; open ones only unless includeAcknowledged=true")
            .Produces<IReadOnlyList<CriticalFindingView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        critical.MapPost("/{id:guid}/acknowledge", async (Guid id, VersionedRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new AcknowledgeCriticalFindingCommand(id, body.Version), ct)))
            .WithName("AcknowledgeCriticalFinding")
            .WithSummary("The referring clinician acknowledges a critical finding; the delay is measured against the target")
            .Produces<CriticalFindingView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AccessPolicies.CriticalFindingsAcknowledge);
        return endpoints;
    }
}

/// <summary>The body of PUT /api/v1/reports/{id}: the version it was based on and the new sections.</summary>
internal sealed record EditReportRequest(int Version, ReportSections Sections);
