using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Inference.AnalyzeUploadedImage;

/// <summary>
/// Runs a model on a frame of a DICOM object the caller sends, and returns the result at once. The object is staged
/// only for reading and then discarded: nothing enters the archive, so there is no archive read to audit.
/// </summary>
/// <param name="Content">The object's bytes, read forward once.</param>
/// <param name="FileName">The name the caller gave it, for messages and the result.</param>
[RequiresAccess(AccessPolicies.InferenceRun)]
public sealed record AnalyzeUploadedImageCommand(Stream Content, string FileName, AnalysisOptions Options) : IRequest<ImageAnalysis>;
