using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Dictionary;

namespace ClinicalImaging.Application.Summaries;

/// <summary>
/// Reads a <see cref="DicomAnalysis"/> from a header. Attributes of enhanced (multi-frame) objects are found where the
/// enhanced IODs put them: in the shared functional groups, then in the first frame's. Values a scanner wrote badly
/// are left out rather than failing the whole analysis.
/// </summary>
public static class DicomAnalyzer
{
    public static DicomAnalysis Analyze(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var (header, transferSyntaxUid) = (file.Dataset, file.TransferSyntax.Uid);
        var ds = new HeaderLookup(header);
        var rows = ds.Integer(DicomTags.Rows);
        var columns = ds.Integer(DicomTags.Columns);
        var spacing = ds.Doubles(DicomTags.PixelSpacing) is { Length: 2 } pixel ? pixel : ds.Doubles(DicomTags.ImagerPixelSpacing);
        var (rowSpacing, columnSpacing) = spacing is { Length: 2 } ? (spacing[0], spacing[1]) : ((double?)null, (double?)null);
        var modality = ds.Text(DicomTags.Modality);
        var sopClassUid = ds.Text(DicomTags.SOPClassUID);
        var bodyPart = ds.Text(DicomTags.BodyPartExamined);
        var studyDate = ds.Date(DicomTags.StudyDate);

        return new DicomAnalysis(
            new ObjectKind(
                sopClassUid,
                sopClassUid is null ? null : DicomUidRegistry.Lookup(sopClassUid)?.Name ?? sopClassUid,
                transferSyntaxUid,
                DicomTransferSyntax.Lookup(transferSyntaxUid)?.Name ?? transferSyntaxUid,
                modality,
                DicomVocabulary.ModalityName(modality),
                rows is > 0 && columns is > 0),
            Patient(ds, studyDate),
            new Examination(
                studyDate,
                ds.Time(DicomTags.StudyTime),
                AcquisitionDateTime(ds),
                ds.Text(DicomTags.StudyDescription),
                ds.Text(DicomTags.SeriesDescription),
                ds.Text(DicomTags.ProtocolName),
                ds.Integer(DicomTags.SeriesNumber),
                ds.Integer(DicomTags.InstanceNumber),
                bodyPart,
                DicomVocabulary.Anatomy(bodyPart) ?? ds.CodeMeaning(DicomTags.AnatomicRegionSequence)?.ToLowerInvariant(),
                ds.Text(DicomTags.Laterality) ?? ds.Text(DicomTags.ImageLaterality),
                ds.Text(DicomTags.PatientPosition),
                ds.Text(DicomTags.ViewPosition)),
            new ImageGeometry(
                rows,
                columns,
                ds.Integer(DicomTags.NumberOfFrames) is > 1 and var frames ? frames : 1,
                ds.Integer(DicomTags.SamplesPerPixel),
                ds.Integer(DicomTags.BitsAllocated),
                ds.Integer(DicomTags.BitsStored),
                ds.Text(DicomTags.PhotometricInterpretation),
                rowSpacing,
                columnSpacing,
                rows * rowSpacing,
                columns * columnSpacing,
                ds.Number(DicomTags.SliceThickness),
                ds.Number(DicomTags.SpacingBetweenSlices),
                ds.Number(DicomTags.SliceLocation),
                DicomVocabulary.Plane(ds.Doubles(DicomTags.ImageOrientationPatient))),
            new Acquisition(
                ds.Number(DicomTags.KVP),
                ds.Number(DicomTags.XRayTubeCurrent),
                ds.Number(DicomTags.ExposureTime),
                ds.Number(DicomTags.Exposure),
                ds.Text(DicomTags.ConvolutionKernel),
                ds.Number(DicomTags.MagneticFieldStrength),
                ds.Number(DicomTags.RepetitionTime),
                ds.Number(DicomTags.EchoTime) ?? ds.Number(DicomTags.EffectiveEchoTime),
                ds.Number(DicomTags.InversionTime),
                ds.Number(DicomTags.FlipAngle),
                ds.Text(DicomTags.ScanningSequence),
                ds.Text(DicomTags.SequenceName),
                ds.Number(DicomTags.TransducerFrequency) is { } kHz ? kHz / 1000 : null),
            Contrast(ds),
            Cardiac(ds),
            new EquipmentDescription(
                ds.Text(DicomTags.Manufacturer),
                ds.Text(DicomTags.ManufacturerModelName),
                ds.Text(DicomTags.SoftwareVersions),
                ds.Text(DicomTags.InstitutionName),
                ds.Text(DicomTags.StationName)));
    }

    private static PatientDescription Patient(HeaderLookup ds, DateOnly? studyDate)
    {
        var (age, ageYears) = DicomVocabulary.Age(ds.Text(DicomTags.PatientAge));
        if (ageYears is null && ds.Date(DicomTags.PatientBirthDate) is { } birth && studyDate is { } on && on >= birth)
        {
            ageYears = on.Year - birth.Year - (on < birth.AddYears(on.Year - birth.Year) ? 1 : 0);
        }

        return new PatientDescription(
            DicomVocabulary.Sex(ds.Text(DicomTags.PatientSex)),
            age,
            ageYears,
            ds.Number(DicomTags.PatientWeight),
            ds.Number(DicomTags.PatientSize));
    }

    private static DateTimeOffset? AcquisitionDateTime(HeaderLookup ds)
    {
        if (ds.DateTime(DicomTags.AcquisitionDateTime) is { } dateTime)
        {
            return dateTime;
        }

        return ds.Date(DicomTags.AcquisitionDate) is { } date
            ? new DateTimeOffset(date.ToDateTime(ds.Time(DicomTags.AcquisitionTime) ?? TimeOnly.MinValue), TimeSpan.Zero)
            : null;
    }

    private static ContrastUse Contrast(HeaderLookup ds)
    {
        var agent = ds.Text(DicomTags.ContrastBolusAgent) ?? ds.CodeMeaning(DicomTags.ContrastBolusAgentSequence);
        // Scanners write "NONE" or "No" into the agent when no contrast was given.
        if (agent is not null && (agent.Equals("NONE", StringComparison.OrdinalIgnoreCase) || agent.Equals("NO", StringComparison.OrdinalIgnoreCase)))
        {
            agent = null;
        }

        return new ContrastUse(agent is not null, agent, ds.Text(DicomTags.ContrastBolusRoute), ds.Number(DicomTags.ContrastBolusVolume));
    }

    private static CardiacGatingDescription Cardiac(HeaderLookup ds)
    {
        var technique = ds.Text(DicomTags.CardiacSynchronizationTechnique);
        var trigger = ds.Number(DicomTags.TriggerTime) ?? ds.Number(DicomTags.NominalCardiacTriggerDelayTime);
        var heartRate = ds.Integer(DicomTags.HeartRate);
        var interval = ds.Number(DicomTags.NominalInterval);
        var phases = ds.Integer(DicomTags.CardiacNumberOfImages);
        var gated = technique is not null
            ? !technique.Equals("NONE", StringComparison.OrdinalIgnoreCase)
            : heartRate is > 0 || interval is > 0 || phases is > 1 || trigger is > 0;
        return new CardiacGatingDescription(
            gated, technique, trigger, heartRate, interval, phases, ds.Number(DicomTags.LowRRValue), ds.Number(DicomTags.HighRRValue));
    }

    /// <summary>Typed, forgiving reads over a header and, for enhanced objects, its functional groups.</summary>
    private readonly struct HeaderLookup(DicomDataset header)
    {
        public string? Text(DicomTag tag)
        {
            try
            {
                return Where(tag)?.GetString(tag)?.Trim() is { Length: > 0 } value ? value : null;
            }
            catch (DicomException)
            {
                return null;
            }
        }

        public int? Integer(DicomTag tag) => Where(tag) is { } ds && ds.TryGetInt32(tag, out var value) ? value : null;

        public double? Number(DicomTag tag) =>
            Where(tag) is { } ds && ds.TryGetDouble(tag, 0, out var value) && double.IsFinite(value) ? value : null;

        public double[]? Doubles(DicomTag tag)
        {
            if (Where(tag) is not { } ds)
            {
                return null;
            }

            var values = new double[ds.ValueCount(tag)];
            for (var i = 0; i < values.Length; i++)
            {
                if (!ds.TryGetDouble(tag, i, out values[i]) || !double.IsFinite(values[i]))
                {
                    return null;
                }
            }

            return values;
        }

        public DateOnly? Date(DicomTag tag) => Forgiving(tag, static (ds, t) => ds.GetDate(t));

        public TimeOnly? Time(DicomTag tag) => Forgiving(tag, static (ds, t) => ds.GetTime(t));

        public DateTimeOffset? DateTime(DicomTag tag) => Forgiving(tag, static (ds, t) => ds.GetDateTime(t, out _));

        /// <summary>The Code Meaning of the first item of a code sequence.</summary>
        public string? CodeMeaning(DicomTag sequence) =>
            Where(sequence)?.GetItems(sequence) is [var item, ..] ? new HeaderLookup(item).Text(DicomTags.CodeMeaning) : null;

        private T? Forgiving<T>(DicomTag tag, Func<DicomDataset, DicomTag, T?> read)
            where T : struct
        {
            try
            {
                return Where(tag) is { } ds ? read(ds, tag) : null;
            }
            catch (DicomException)
            {
                return null;
            }
        }

        /// <summary>The dataset holding the attribute: the header itself, else a functional group macro (shared, then frame 1).</summary>
        private DicomDataset? Where(DicomTag tag)
        {
            if (header.Contains(tag))
            {
                return header;
            }

            foreach (var groups in (ReadOnlySpan<DicomTag>)[DicomTags.SharedFunctionalGroupsSequence, DicomTags.PerFrameFunctionalGroupsSequence])
            {
                if (header.GetItems(groups) is not [var frame, ..])
                {
                    continue;
                }

                foreach (var macro in frame.OfType<DicomSequence>())
                {
                    if (macro.Items is [var item, ..] && item.Contains(tag))
                    {
                        return item;
                    }
                }
            }

            return null;
        }
    }
}
