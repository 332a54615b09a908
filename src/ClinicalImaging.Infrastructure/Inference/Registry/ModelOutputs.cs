using System.Buffers;
using System.Runtime.ExceptionServices;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

namespace ClinicalImaging.Infrastructure.Inference.Registry;

/// <summary>
/// The float outputs of one run of a model, written by ONNX Runtime straight into buffers rented from the shared
/// array pool: no per-run native allocation of the outputs and no copy into managed memory (a batch of 32 CAM
/// activations is 6 MB). Dispose returns the buffers; the tensors must not be used after that.
/// </summary>
public sealed class ModelOutputs : IDisposable
{
    private readonly Dictionary<string, Tensor> _tensors;
    private float[][]? _rented;

    private ModelOutputs(Dictionary<string, Tensor> tensors, float[][] rented)
    {
        _tensors = tensors;
        _rented = rented;
    }

    /// <summary>The output named <paramref name="name"/>, batch first.</summary>
    public DenseTensor<float> this[string name]
    {
        get
        {
            ObjectDisposedException.ThrowIf(_rented is null, this);
            return _tensors.TryGetValue(name, out var tensor)
                ? tensor.As<float>()
                : throw new KeyNotFoundException($"Output '{name}' was not requested in this run; it has {string.Join(", ", _tensors.Keys)}.");
        }
    }

    /// <summary>
    /// Rents a buffer per output, sized for the batch of <paramref name="input"/> and <paramref name="imageShapes"/>, and
    /// runs: in one run, or split into up to <paramref name="parallelRuns"/> sub-batches that run concurrently on the
    /// shared session, each writing into its rows of the same buffers (decision 0410).
    /// </summary>
    /// <param name="session">The session to run (ORT's Run is thread-safe).</param>
    /// <param name="inputName">The batched image input.</param>
    /// <param name="input">The batch, first dimension the images.</param>
    /// <param name="otherInputs">Inputs that every run shares as they are (the Monte Carlo dropout flag).</param>
    /// <param name="outputNames">The outputs to compute.</param>
    /// <param name="imageShapes">One image's shape of each output.</param>
    /// <param name="parallelRuns">The most concurrent sub-batch runs.</param>
    /// <param name="cancellationToken">Stops every run at its next node.</param>
    internal static ModelOutputs Run(
        OnnxSession session,
        string inputName,
        DenseTensor<float> input,
        IReadOnlyDictionary<string, Tensor> otherInputs,
        IReadOnlyList<string> outputNames,
        IReadOnlyDictionary<string, long[]> imageShapes,
        int parallelRuns,
        CancellationToken cancellationToken)
    {
        var batch = (int)input.Shape[0];
        var tensors = new Dictionary<string, Tensor>(outputNames.Count, StringComparer.Ordinal);
        var rented = new float[outputNames.Count][];
        var outputs = new ModelOutputs(tensors, rented);
        try
        {
            for (int i = 0; i < outputNames.Count; i++)
            {
                var imageShape = imageShapes[outputNames[i]];
                var shape = new long[imageShape.Length + 1];
                shape[0] = batch;
                imageShape.CopyTo(shape, 1);
                var count = batch * (int)imageShape.Aggregate(1L, (product, dimension) => product * dimension);
                rented[i] = ArrayPool<float>.Shared.Rent(count);
                tensors.Add(outputNames[i], new DenseTensor<float>(rented[i].AsMemory(0, count), shape));
            }

            var runs = Math.Clamp(batch, 1, Math.Max(1, parallelRuns));
            if (runs == 1)
            {
                session.Run(Inputs(inputName, input, otherInputs), tensors, cancellationToken: cancellationToken);
                return outputs;
            }

            RunSubBatches(session, inputName, input, otherInputs, tensors, runs, cancellationToken);
            return outputs;
        }
        catch
        {
            outputs.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="runs"/> contiguous sub-batches of near-equal size concurrently, the caller's thread taking one.</summary>
    private static void RunSubBatches(
        OnnxSession session,
        string inputName,
        DenseTensor<float> input,
        IReadOnlyDictionary<string, Tensor> otherInputs,
        Dictionary<string, Tensor> outputs,
        int runs,
        CancellationToken cancellationToken)
    {
        var batch = (int)input.Shape[0];
        try
        {
            Parallel.For(0, runs, new ParallelOptions { MaxDegreeOfParallelism = runs }, run =>
            {
                var start = batch * run / runs;
                var count = (batch * (run + 1) / runs) - start;
                var rows = new Dictionary<string, Tensor>(outputs.Count, StringComparer.Ordinal);
                foreach (var (name, tensor) in outputs)
                {
                    rows.Add(name, tensor.As<float>().SliceRows(start, count));
                }

                session.Run(Inputs(inputName, input.SliceRows(start, count), otherInputs), rows, cancellationToken: cancellationToken);
            });
        }
        catch (AggregateException failure)
        {
            // Every sub-run sees the same token; otherwise the first failure is the run's failure, as in a single run.
            cancellationToken.ThrowIfCancellationRequested();
            ExceptionDispatchInfo.Capture(failure.InnerExceptions[0]).Throw();
        }
    }

    private static Dictionary<string, Tensor> Inputs(string inputName, DenseTensor<float> input, IReadOnlyDictionary<string, Tensor> otherInputs)
    {
        var inputs = new Dictionary<string, Tensor>(otherInputs.Count + 1, StringComparer.Ordinal) { [inputName] = input };
        foreach (var (name, tensor) in otherInputs)
        {
            inputs.Add(name, tensor);
        }

        return inputs;
    }

    public void Dispose()
    {
        if (_rented is null)
        {
            return;
        }

        foreach (var buffer in _rented)
        {
            if (buffer is not null)
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }

        _rented = null;
    }
}
