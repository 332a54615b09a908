using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Images;

/// <summary>One image (SOP instance) with the series it belongs to; no patient data.</summary>
public sealed record ImageView(InstanceView Image, Guid StudyId, Guid SeriesId, SeriesDetails Series, Equipment Equipment);
