using System.Numerics;

namespace ClinicalImaging.Dicom.Imaging;

/// <summary>An operation over the samples of a <see cref="DecodedFrame"/>, specialised per sample type.</summary>
public interface ISampleVisitor
{
    void Visit<T>(ReadOnlySpan<T> samples)
        where T : unmanaged, IBinaryInteger<T>;
}
