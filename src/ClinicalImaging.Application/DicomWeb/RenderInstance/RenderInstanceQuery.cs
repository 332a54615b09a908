using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.DicomWeb.RenderInstance;

/// <summary>
/// WADO-RS rendered and thumbnail resources (PS3.18 §9.5, §9.6): one frame of a stored instance through the display
/// pipeline (modality LUT, the file's or the requested window, palette, presentation) to a PNG. Pixels can carry
/// burned-in identifiers, so this reads patient data.
/// </summary>
/// <param name="Frame">The frame number, from 1.</param>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record RenderInstanceQuery(InstanceScope Scope, int Frame, RenderParameters Parameters) : IRequest<byte[]>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.InstanceRender;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => Scope is null ? [] : Scope.ResourceIds();
}

/// <summary>
/// The rendering query parameters: <c>window=center,width[,function]</c> (function linear, linear-exact or sigmoid)
/// and <c>viewport=width,height</c> (the image is fitted inside, keeping its aspect ratio).
/// </summary>
public sealed record RenderParameters(double? WindowCenter, double? WindowWidth, string? WindowFunction, int? ViewportWidth, int? ViewportHeight)
{
    public static readonly RenderParameters Default = new(null, null, null, null, null);

    /// <summary>Server-chosen thumbnail size (PS3.18 §9.6 leaves it to the origin server).</summary>
    public static readonly RenderParameters Thumbnail = new(null, null, null, 128, 128);
}
