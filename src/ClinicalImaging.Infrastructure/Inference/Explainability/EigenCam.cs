namespace ClinicalImaging.Infrastructure.Inference.Explainability;

/// <summary>
/// Eigen-CAM (Bany Muhammad and Yeasin 2020; pytorch-grad-cam's get_2d_projection): the activations as an
/// (h·w) x C matrix, centred per channel, projected on their first right singular vector. The singular vector comes
/// from power iteration on the C x C Gram matrix. Its sign is arbitrary; we choose the sign that correlates the map
/// positively with the channel-summed activation, so that "high" means "strongly activated" (pytorch-grad-cam leaves
/// the sign to the SVD routine).
/// </summary>
public static class EigenCam
{
    private const int MaxIterations = 1000;

    public static float[] Compute(ReadOnlySpan<float> activations, int channels, int height, int width)
    {
        var plane = height * width;
        var centred = new double[channels * plane];
        for (int c = 0; c < channels; c++)
        {
            var channel = activations.Slice(c * plane, plane);
            double mean = 0;
            foreach (var v in channel)
            {
                mean += v;
            }

            mean /= plane;
            for (int p = 0; p < plane; p++)
            {
                centred[(c * plane) + p] = channel[p] - mean;
            }
        }

        var gram = new double[channels * channels];
        for (int a = 0; a < channels; a++)
        {
            for (int b = a; b < channels; b++)
            {
                double dot = 0;
                for (int p = 0; p < plane; p++)
                {
                    dot += centred[(a * plane) + p] * centred[(b * plane) + p];
                }

                gram[(a * channels) + b] = gram[(b * channels) + a] = dot;
            }
        }

        var vector = PrincipalEigenvector(gram, channels);
        var map = new float[plane];
        double correlation = 0;
        for (int p = 0; p < plane; p++)
        {
            double projection = 0, total = 0;
            for (int c = 0; c < channels; c++)
            {
                projection += centred[(c * plane) + p] * vector[c];
                total += centred[(c * plane) + p];
            }

            map[p] = (float)projection;
            correlation += projection * total;
        }

        if (correlation < 0)
        {
            foreach (ref var v in map.AsSpan())
            {
                v = -v;
            }
        }

        return map;
    }

    private static double[] PrincipalEigenvector(double[] matrix, int n)
    {
        var vector = new double[n];
        var next = new double[n];
        Array.Fill(vector, 1 / Math.Sqrt(n));
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            double norm = 0;
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int j = 0; j < n; j++)
                {
                    sum += matrix[(i * n) + j] * vector[j];
                }

                next[i] = sum;
                norm += sum * sum;
            }

            norm = Math.Sqrt(norm);
            if (norm == 0)
            {
                return vector; // all channels constant: any direction projects to zero.
            }

            double change = 0;
            for (int i = 0; i < n; i++)
            {
                var value = next[i] / norm;
                change += Math.Abs(value - vector[i]);
                vector[i] = value;
            }

            if (change < 1e-12)
            {
                break;
            }
        }

        return vector;
    }
}
