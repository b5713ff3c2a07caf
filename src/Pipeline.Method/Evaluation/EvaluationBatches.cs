using Pipeline.Method.Data;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Evaluation;

/// <summary>
/// A split in order, batch by batch, on the device: the images as stored and the masks as class indices (int64), as
/// PyTorch's evaluation loop draws (image, target) from its data loader. Each batch opens a dispose scope that closes
/// when the next is drawn (or the loop ends), so the batch and everything computed from it in the loop's body is
/// disposed then; what must outlive the loop is detached from it.
/// </summary>
public static class EvaluationBatches
{
    public static IEnumerable<(Tensor Images, Tensor Masks)> Of(SegmentationSplit split, int batchSize, DeviceId device)
    {
        for (var start = 0; start < split.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(batchSize, split.Count - start);
            yield return (split.Images.narrow(0, start, length).to(device.ToTorch()),
                          split.Masks.narrow(0, start, length).to(ScalarType.Int64, device.ToTorch()));
        }
    }
}
