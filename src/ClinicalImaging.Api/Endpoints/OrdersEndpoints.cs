using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Orders;
using ClinicalImaging.Application.Orders.CompleteOrder;
using ClinicalImaging.Application.Orders.GetOrder;
using ClinicalImaging.Application.Orders.GetOrderImages;
using ClinicalImaging.Application.Orders.ScheduleOrder;
using ClinicalImaging.Application.Orders.SearchOrders;
using ClinicalImaging.Application.Reports;
using ClinicalImaging.Application.Reports.DraftReport;
using ClinicalImaging.Application.Reports.ListOrderReports;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Reports;
using MediatR;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>Imaging orders ("scheduled studies") under /api/v1/imaging/studies: place, find, follow to completion, and their reports.</summary>
internal static class OrdersEndpoints
{
    public static IEndpointRouteBuilder MapOrdersEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var studies = endpoints.MapGroup("/api/v1/imaging/studies").WithTags("Imaging orders");
        studies.MapPost("/", async (ScheduleStudyRequest body, IMediator mediator, CancellationToken ct) =>
            {
                var order = await mediator.Send(body.ToCommand(), ct);
                return Results.Created($"/api/v1/imaging/studies/{order.Id}", order);
            })
            .WithName("ScheduleImagingStudy")
            .WithSummary("Place an imaging order: a scheduled study that arriving images are matched to by accession number and patient")
            .Produces<OrderView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AccessPolicies.OrdersWrite);
        studies.MapGet("/", async (
                OrderStatus? status, string? modality, OrderPriority? priority, string? patientId, DateTimeOffset? scheduledFrom, DateTimeOffset? scheduledTo,
                int? offset, int? limit, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(
                    new SearchOrdersQuery(new OrderSearch(
                        status, modality, priority, patientId, scheduledFrom, scheduledTo, offset ?? 0, limit ?? SearchOrdersQuery.DefaultLimit)),
                    ct)))
            .WithName("SearchImagingStudies")
            .WithSummary("Imaging orders by status, modality, priority, Patient ID and scheduled time; newest scheduled first")
            .Produces<IReadOnlyList<OrderView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        studies.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetOrderQuery(id), ct)))
            .WithName("GetImagingStudy")
            .WithSummary("One imaging order with its patient, status and timestamps")
            .Produces<OrderView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        studies.MapGet("/{id:guid}/series", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetOrderImagesQuery(id), ct)))
            .WithName("GetImagingStudySeries")
            .WithSummary("The series that arrived for the order, each with its images; empty while it is scheduled")
            .Produces<IReadOnlyList<SeriesView>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        studies.MapGet("/{id:guid}/images", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok((await mediator.Send(new GetOrderImagesQuery(id), ct)).SelectMany(s => s.Instances).ToList()))
            .WithName("GetImagingStudyImages")
            .WithSummary("Every image that arrived for the order, by series")
            .Produces<IReadOnlyList<InstanceView>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        studies.MapPost("/{id:guid}/complete", async (Guid id, VersionedRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new CompleteOrderCommand(id, body.Version), ct)))
            .WithName("CompleteImagingStudy")
            .WithSummary("The technologist declares the acquisition complete (in progress → completed)")
            .Produces<OrderView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AccessPolicies.OrdersWrite);
        studies.MapGet("/{id:guid}/reports", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListOrderReportsQuery(id), ct)))
            .WithName("ListImagingStudyReports")
            .WithSummary("Every version of the order's report, oldest first")
            .Produces<IReadOnlyList<ReportView>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        studies.MapPost("/{id:guid}/reports", async (Guid id, DraftReportRequest? body, IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new DraftReportCommand(id, body?.Sections), ct);
                return Results.Created($"/api/v1/reports/{report.Id}", report);
            })
            .WithName("DraftImagingStudyReport")
            .WithSummary("Start the order's report; without sections, drafted from the order and the reviewed AI results")
            .Produces<ReportView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AccessPolicies.ReportsWrite);
        return endpoints;
    }
}

/// <summary>The patient an order is for: Patient ID (and its issuer) identify; the demographics, when given, update the record.</summary>
internal sealed record OrderPatient(string PatientId, string? IssuerOfPatientId, string? PatientName, DateOnly? BirthDate, string? Sex);

/// <summary>The body of POST /api/v1/imaging/studies; <see cref="OrderId"/> is the placer order number.</summary>
internal sealed record ScheduleStudyRequest(
    OrderPatient Patient,
    string OrderId,
    string? AccessionNumber,
    string Modality,
    string? BodyPart,
    string? Description,
    string? Indication,
    OrderPriority Priority,
    DateTimeOffset ScheduledAt,
    string? PerformingFacility)
{
    public ScheduleOrderCommand ToCommand() => new(
        Patient is null ? null! : new PatientIdentity(Patient.PatientId, Patient.IssuerOfPatientId, Patient.PatientName, Patient.BirthDate, Patient.Sex),
        AccessionNumber,
        new OrderDetails(OrderId, Modality, BodyPart, Description, Indication, Priority, ScheduledAt, PerformingFacility));
}

/// <summary>The optional body of a report draft.</summary>
internal sealed record DraftReportRequest(ReportSections? Sections);
