using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>Stores a <see cref="DicomUid"/> as its text; values read back were validated when written.</summary>
public sealed class DicomUidConverter() : ValueConverter<DicomUid, string>(uid => uid.Value, text => DicomUid.Parse(text, "stored UID"));
