using Pipeline.TorchExtensions;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Method.Training;

/// <summary>
/// accumulate: auto's choice of images per pass: the largest that fits the device (<see cref="MicroBatchSearch"/>).
/// A size fits when two forward and backward passes do while the memory training holds beside a pass is taken
/// (gradients, and a momentum buffer per parameter): one pass alone fitted sizes that ran out of memory in the first
/// training steps. The trial leaves no trace: gradients are zeroed and batch norm's running statistics put back.
/// </summary>
internal static class MicroBatchTrial
{
    /// <param name="start">The largest size to try.</param>
    /// <param name="loss">The training loss of one pass over the given training images.</param>
    public static int Largest(nn.Module model, SGD optimizer, DeviceId device, int start, Func<long[], Tensor> loss)
    {
        model.train();
        using var buffers = new BufferSnapshot(model);
        return MicroBatchSearch.Largest(start, trial =>
        {
            try
            {
                using var scope = NewDisposeScope();
                var part = Enumerable.Range(0, trial).Select(i => (long)i).ToArray();
                void Pass()
                {
                    using var passScope = NewDisposeScope();
                    loss(part).backward();
                }
                Pass();
                var momentumStandIns = model.parameters().Select(p => zeros_like(p)).ToList();
                Pass();
                if (device.IsCuda) cuda.synchronize(device.ToTorch());
            }
            finally
            {
                optimizer.zero_grad();
                buffers.Restore();
            }
        });
    }
}
