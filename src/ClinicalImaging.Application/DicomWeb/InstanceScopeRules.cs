using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.DicomWeb;

/// <summary>The UIDs of a DICOMweb URL must be well formed before anything is looked up.</summary>
internal static class InstanceScopeRules
{
    public static void ValidateScope<T>(this AbstractValidator<T> validator, Func<T, InstanceScope> scope)
    {
        validator.RuleFor(r => scope(r)).NotNull();
        validator.RuleFor(r => scope(r).StudyInstanceUid).MustBeDicomUid("the study UID in the URL");
        validator.RuleFor(r => scope(r).SeriesInstanceUid!).MustBeDicomUid("the series UID in the URL").When(r => scope(r).SeriesInstanceUid is not null);
        validator.RuleFor(r => scope(r).SopInstanceUid!).MustBeDicomUid("the SOP instance UID in the URL").When(r => scope(r).SopInstanceUid is not null);
    }

    /// <summary>A QIDO-RS URL's scope: its study and series UIDs, where it has them.</summary>
    public static void ValidateScope<T>(this AbstractValidator<T> validator, Func<T, Search.QidoScope> scope)
    {
        validator.RuleFor(r => scope(r)).NotNull();
        validator.RuleFor(r => scope(r).StudyInstanceUid!).MustBeDicomUid("the study UID in the URL").When(r => scope(r)?.StudyInstanceUid is not null);
        validator.RuleFor(r => scope(r).SeriesInstanceUid!).MustBeDicomUid("the series UID in the URL").When(r => scope(r)?.SeriesInstanceUid is not null);
    }
}
