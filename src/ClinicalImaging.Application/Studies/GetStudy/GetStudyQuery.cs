using MediatR;

namespace ClinicalImaging.Application.Studies.GetStudy;

/// <summary>One study, by Study Instance UID, with its patient, series and instances.</summary>
public sealed record GetStudyQuery(string StudyInstanceUid) : IRequest<StudyView>;
